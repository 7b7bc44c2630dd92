import { formatDuration, parseDuration } from '../core/duration.js';
import { CoreboundError, ErrorCodes } from '../core/errors.js';

/** The longest delay a Node timer takes (2^31 - 1 ms, ~24.8 days): a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration flag. A unit is required except for 0: a bare `--grace 30` would
 * be 30 ms and abort every running job at drain. At most `maxMs` (by default
 * what a timer can wait).
 */
export function durationFlag(value: string, flag: string, maxMs = MAX_TIMER_MS): number {
  if (/^\s*\d+(\.\d+)?\s*$/.test(value) && Number(value) !== 0) {
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, `${flag} needs a unit: ${value.trim()}s or ${value.trim()}ms?`);
  }
  const ms = parseDuration(value, flag);
  if (ms > maxMs) throw new CoreboundError(ErrorCodes.INVALID_OPTION, `${flag} must be at most ${formatDuration(maxMs)}, not "${value}"`);
  return ms;
}

/** Parses an integer flag, refusing anything but a plain integer in range. */
export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) {
      throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${name} must be an integer, not "${value}"`);
    }
    const n = Number(value);
    if (n < min || n > max) throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${name} must be between ${min} and ${max}`);
    return n;
  };
}

export function jobId(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, `job id must be a positive integer, not "${value}"`);
  }
  return Number(value);
}
