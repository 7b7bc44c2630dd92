import { CoreboundError, ErrorCodes } from '../../core/errors.js';
/** Turns SQLite failures into coded errors that say what to do, never a bare stack. */
export function mapSqliteError(e, path) {
    const code = e?.code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
        return new CoreboundError(ErrorCodes.STORE_CORRUPT, `${path} is not a usable corebound database (${code}); restore it from a backup or point --store elsewhere`);
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        return new CoreboundError(ErrorCodes.STORE_LOCKED, `${path} is locked by another process for longer than the busy timeout; retry, or check for a stuck writer`);
    }
    if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) {
        return new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, `cannot open ${path} for writing (${code})`);
    }
    return e;
}
//# sourceMappingURL=errors.js.map