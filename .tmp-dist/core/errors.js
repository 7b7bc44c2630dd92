/**
 * Errors with stable, never-reused codes. Scripts and HTTP clients branch on
 * `code`; messages may change. Add new codes at the end; never rename one.
 */
export const ErrorCodes = {
    INVALID_JSON: 'CB_INVALID_JSON',
    INVALID_INPUT: 'CB_INVALID_INPUT',
    INVALID_OPTION: 'CB_INVALID_OPTION',
    PAYLOAD_TOO_LARGE: 'CB_PAYLOAD_TOO_LARGE',
    RESULT_TOO_LARGE: 'CB_RESULT_TOO_LARGE',
    UNKNOWN_TASK: 'CB_UNKNOWN_TASK',
    NOT_FOUND: 'CB_NOT_FOUND',
    INVALID_STATE: 'CB_INVALID_STATE',
    STALE_LEASE: 'CB_STALE_LEASE',
    QUEUE_FULL: 'CB_QUEUE_FULL',
    STORE_UNAVAILABLE: 'CB_STORE_UNAVAILABLE',
    STORE_CORRUPT: 'CB_STORE_CORRUPT',
    STORE_LOCKED: 'CB_STORE_LOCKED',
    STORE_URL: 'CB_STORE_URL',
    MIGRATION_PENDING: 'CB_MIGRATION_PENDING',
    // Attempt outcomes recorded in attempt history (error_code column).
    TASK_ERROR: 'CB_TASK_ERROR',
    TASK_TIMEOUT: 'CB_TASK_TIMEOUT',
    TASK_OOM: 'CB_TASK_OOM',
    TASK_CRASH: 'CB_TASK_CRASH',
    LEASE_EXPIRED: 'CB_LEASE_EXPIRED',
    LEASE_LOST: 'CB_LEASE_LOST',
    NON_RETRYABLE: 'CB_NON_RETRYABLE',
    UNAUTHORIZED: 'CB_UNAUTHORIZED',
    FORBIDDEN: 'CB_FORBIDDEN',
    UNSAFE_BIND: 'CB_UNSAFE_BIND',
    BAD_SIGNATURE: 'CB_BAD_SIGNATURE',
    URL_EXPIRED: 'CB_URL_EXPIRED',
    INTERNAL: 'CB_INTERNAL',
};
export class CoreboundError extends Error {
    code;
    details;
    constructor(code, message, details) {
        super(message);
        this.name = 'CoreboundError';
        this.code = code;
        this.details = details;
    }
    toJSON() {
        return { code: this.code, message: this.message, ...(this.details !== undefined ? { details: this.details } : {}) };
    }
}
export function isCoreboundError(e, code) {
    return e instanceof CoreboundError && (code === undefined || e.code === code);
}
/**
 * Thrown by task code to say "retrying will not help" (bad input, a missing
 * object): the job goes straight to `dead` with reason `non_retryable`.
 */
export class NonRetryableError extends Error {
    constructor(message) {
        super(message);
        this.name = 'NonRetryableError';
    }
}
//# sourceMappingURL=errors.js.map