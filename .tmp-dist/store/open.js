import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
/**
 * Opens a store from a URL: `sqlite:PATH`, `sqlite::memory:`, a bare path
 * ending in .db, or `postgres://…` / `postgresql://…`. Migrates by default, so
 * a fresh file or database is usable at once.
 * SQLite durability can be set in the URL: `sqlite:./x.db?sync=normal`.
 */
export async function openStore(url, opts = {}) {
    let store;
    if (/^postgres(ql)?:\/\//.test(url)) {
        const mod = await import('./postgres/index.js');
        store = await mod.openPostgresStore(url, opts);
    }
    else {
        const { path, durability } = parseSqliteUrl(url);
        store = new SqliteStore(path, { ...opts, durability: opts.durability ?? durability });
    }
    if (opts.migrate !== false) {
        try {
            await store.migrate();
        }
        catch (e) {
            await store.close().catch(() => { });
            throw e;
        }
    }
    return store;
}
export function parseSqliteUrl(url) {
    let rest;
    if (url.startsWith('sqlite:'))
        rest = url.slice('sqlite:'.length);
    else if (/\.(db|sqlite|sqlite3)(\?|$)/.test(url))
        rest = url;
    else {
        throw new CoreboundError(ErrorCodes.STORE_URL, `unrecognised store "${url}": use sqlite:PATH, sqlite::memory: or postgres://user@host/db`);
    }
    const [path, query] = rest.split('?', 2);
    if (!path)
        throw new CoreboundError(ErrorCodes.STORE_URL, `store URL "${url}" has no path`);
    const sync = new URLSearchParams(query ?? '').get('sync');
    if (sync && sync !== 'full' && sync !== 'normal') {
        throw new CoreboundError(ErrorCodes.STORE_URL, `sync must be full or normal, not "${sync}"`);
    }
    return { path, durability: sync ?? undefined };
}
//# sourceMappingURL=open.js.map