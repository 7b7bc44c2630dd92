import type { PostgresStoreOptions } from './config.js';
import { PostgresStore } from './pg-store.js';
export type { PostgresStoreOptions } from './config.js';
export { isConnectionError } from './db.js';
export { LockSpace } from './migrator.js';
export { PostgresStore } from './pg-store.js';
/**
 * Opens the PostgreSQL store for `postgres://…` / `postgresql://…`. Does not
 * connect or migrate by itself: openStore() migrates unless told not to, and
 * the pool connects on first use (so a node can start while the database is
 * still coming up, and report not-ready until ping() succeeds).
 */
export declare function openPostgresStore(url: string, opts?: PostgresStoreOptions): Promise<PostgresStore>;
