import { CoreboundError, ErrorCodes, isCoreboundError } from '../core/errors.js';
/**
 * Conventions every command follows (a contract for scripts):
 * exit 0 on success; on error one line `corebound: CB_CODE: message` on stderr
 * and a non-zero exit (2 for bad input/usage, 3 for not found or bad state, 1 otherwise).
 */
export const DEFAULT_STORE = 'sqlite:./corebound.db';
export function resolveStoreUrl(flag) {
    return flag ?? process.env.COREBOUND_STORE ?? process.env.DATABASE_URL_COREBOUND ?? DEFAULT_STORE;
}
export function addStoreOption(cmd) {
    return cmd.option('--store <url>', 'sqlite:PATH or postgres://… (env COREBOUND_STORE; default sqlite:./corebound.db)');
}
const USAGE_CODES = new Set([
    ErrorCodes.INVALID_JSON,
    ErrorCodes.INVALID_INPUT,
    ErrorCodes.INVALID_OPTION,
    ErrorCodes.PAYLOAD_TOO_LARGE,
    ErrorCodes.UNKNOWN_TASK,
    ErrorCodes.STORE_URL,
]);
export function exitCodeFor(e) {
    if (!isCoreboundError(e))
        return 1;
    if (USAGE_CODES.has(e.code))
        return 2;
    if (e.code === ErrorCodes.NOT_FOUND || e.code === ErrorCodes.INVALID_STATE)
        return 3;
    return 1;
}
/** Wraps a command action: coded one-line errors, exit codes. */
export function action(fn) {
    return async (...args) => {
        try {
            await fn(...args);
        }
        catch (e) {
            const err = isCoreboundError(e)
                ? e
                : new CoreboundError(ErrorCodes.INTERNAL, e?.message ?? String(e));
            process.stderr.write(`corebound: ${err.code}: ${err.message}\n`);
            if (!isCoreboundError(e) && process.env.COREBOUND_DEBUG)
                process.stderr.write(`${e?.stack}\n`);
            process.exitCode = exitCodeFor(e);
        }
    };
}
//# sourceMappingURL=common.js.map