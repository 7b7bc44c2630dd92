import { CoreboundError, ErrorCodes } from '../core/errors.js';
/** Parses an integer flag, refusing anything but a plain integer in range. */
export function intOption(name, min, max) {
    return (value) => {
        if (!/^-?\d+$/.test(value.trim())) {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${name} must be an integer, not "${value}"`);
        }
        const n = Number(value);
        if (n < min || n > max)
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${name} must be between ${min} and ${max}`);
        return n;
    };
}
export function jobId(value) {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `job id must be a positive integer, not "${value}"`);
    }
    return Number(value);
}
//# sourceMappingURL=options.js.map