import type { PostgresStoreOptions } from './config.js';
import { PostgresStore } from './pg-store.js';

export type { PostgresStoreOptions } from './config.js';
export { isConnectionError } from './db.js';
export { LockSpace } from './migrator.js';
export { PostgresStore } from './pg-store.js';

/**
 * Opens the PostgreSQL store for `postgres://…` / `postgresql://…`. Does not
 * connect or migrate by itself: openStore() migrates unless told not to (so
 * it needs the database), and the pool connects on first use.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
  return new PostgresStore(url, opts);
}
