import { type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store, StoreOptions } from './store.js';
export type OpenStoreOptions = SqliteStoreOptions & StoreOptions & {
    migrate?: boolean;
    [k: string]: unknown;
};
/**
 * Opens a store from a URL: `sqlite:PATH`, `sqlite::memory:`, a bare path
 * ending in .db, or `postgres://…` / `postgresql://…`. Migrates by default, so
 * a fresh file or database is usable at once.
 * SQLite durability can be set in the URL: `sqlite:./x.db?sync=normal`.
 */
export declare function openStore(url: string, opts?: OpenStoreOptions): Promise<Store>;
export declare function parseSqliteUrl(url: string): {
    path: string;
    durability?: 'full' | 'normal';
};
