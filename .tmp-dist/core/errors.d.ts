/**
 * Errors with stable, never-reused codes. Scripts and HTTP clients branch on
 * `code`; messages may change. Add new codes at the end; never rename one.
 */
export declare const ErrorCodes: {
    readonly INVALID_JSON: "CB_INVALID_JSON";
    readonly INVALID_INPUT: "CB_INVALID_INPUT";
    readonly INVALID_OPTION: "CB_INVALID_OPTION";
    readonly PAYLOAD_TOO_LARGE: "CB_PAYLOAD_TOO_LARGE";
    readonly RESULT_TOO_LARGE: "CB_RESULT_TOO_LARGE";
    readonly UNKNOWN_TASK: "CB_UNKNOWN_TASK";
    readonly NOT_FOUND: "CB_NOT_FOUND";
    readonly INVALID_STATE: "CB_INVALID_STATE";
    readonly STALE_LEASE: "CB_STALE_LEASE";
    readonly QUEUE_FULL: "CB_QUEUE_FULL";
    readonly STORE_UNAVAILABLE: "CB_STORE_UNAVAILABLE";
    readonly STORE_CORRUPT: "CB_STORE_CORRUPT";
    readonly STORE_LOCKED: "CB_STORE_LOCKED";
    readonly STORE_URL: "CB_STORE_URL";
    readonly MIGRATION_PENDING: "CB_MIGRATION_PENDING";
    readonly TASK_ERROR: "CB_TASK_ERROR";
    readonly TASK_TIMEOUT: "CB_TASK_TIMEOUT";
    readonly TASK_OOM: "CB_TASK_OOM";
    readonly TASK_CRASH: "CB_TASK_CRASH";
    readonly LEASE_EXPIRED: "CB_LEASE_EXPIRED";
    readonly LEASE_LOST: "CB_LEASE_LOST";
    readonly NON_RETRYABLE: "CB_NON_RETRYABLE";
    readonly UNAUTHORIZED: "CB_UNAUTHORIZED";
    readonly FORBIDDEN: "CB_FORBIDDEN";
    readonly UNSAFE_BIND: "CB_UNSAFE_BIND";
    readonly BAD_SIGNATURE: "CB_BAD_SIGNATURE";
    readonly URL_EXPIRED: "CB_URL_EXPIRED";
    readonly INTERNAL: "CB_INTERNAL";
};
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
export declare class CoreboundError extends Error {
    readonly code: ErrorCode;
    readonly details?: unknown;
    constructor(code: ErrorCode, message: string, details?: unknown);
    toJSON(): {
        details?: {} | null | undefined;
        code: ErrorCode;
        message: string;
    };
}
export declare function isCoreboundError(e: unknown, code?: ErrorCode): e is CoreboundError;
/**
 * Thrown by task code to say "retrying will not help" (bad input, a missing
 * object): the job goes straight to `dead` with reason `non_retryable`.
 */
export declare class NonRetryableError extends Error {
    constructor(message: string);
}
