import { CoreboundError, ErrorCodes } from './errors.js';
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Parses `250ms`, `30s`, `10m`, `1.5h`, `7d` or a bare number of milliseconds. */
export function parseDuration(text, what = 'duration') {
    if (typeof text === 'number') {
        if (!Number.isFinite(text) || text < 0)
            throw bad(String(text), what);
        return text;
    }
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
    if (!m)
        throw bad(text, what);
    const ms = Number(m[1]) * UNITS[m[2] ?? 'ms'];
    if (!Number.isFinite(ms) || ms > 10 * 365 * UNITS.d)
        throw bad(text, what);
    return Math.round(ms);
}
function bad(text, what) {
    return new CoreboundError(ErrorCodes.INVALID_OPTION, `invalid ${what} "${text}": use e.g. 500ms, 30s, 10m, 2h`);
}
export function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
    if (ms < 3_600_000)
        return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
    return `${Math.floor(ms / 3_600_000)}h${Math.round((ms % 3_600_000) / 60_000)}m`;
}
//# sourceMappingURL=duration.js.map