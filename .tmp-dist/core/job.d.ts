/**
 * The job model. A job is in exactly one state; see docs/guarantees.md for
 * the state machine and which store operation performs each transition.
 */
export declare const JobStates: readonly ["scheduled", "queued", "running", "retrying", "succeeded", "dead", "cancelled"];
export type JobState = (typeof JobStates)[number];
export declare const FinalStates: readonly JobState[];
export declare const isFinal: (s: JobState) => boolean;
/** Why a job is dead: out of error attempts, a non-retryable error, or too many crashes. */
export type DeadReason = 'exhausted' | 'non_retryable' | 'poison';
/**
 * How an attempt ended. `error` and `timeout` use up the error budget
 * (maxAttempts); `crash`, `oom` and `lease_expired` use up the crash budget
 * (maxCrashes); `released` (graceful drain) and `cancelled` use up neither.
 */
export type AttemptOutcome = 'running' | 'succeeded' | 'error' | 'timeout' | 'crash' | 'oom' | 'lease_expired' | 'released' | 'cancelled';
export type FailureKind = 'error' | 'timeout' | 'crash' | 'oom';
export declare const CrashKinds: readonly FailureKind[];
export interface JobError {
    code: string;
    message: string;
    stack?: string;
}
export interface Job<I = unknown> {
    id: number;
    task: string;
    queue: string;
    state: JobState;
    input: I;
    priority: number;
    /** Earliest start (ms epoch). For queued jobs, the moment they became runnable. */
    runAt: number;
    createdAt: number;
    updatedAt: number;
    /** Number of times the job was claimed; the current/last attempt's number. */
    attempt: number;
    /** Attempts that ended in error or timeout. */
    errors: number;
    /** Attempts that ended in a crash, OOM or expired lease. */
    crashes: number;
    maxAttempts: number;
    maxCrashes: number;
    timeoutMs: number;
    key: string | null;
    parentId: number | null;
    groupId: string | null;
    /** Fencing token of the current lease; changes at every claim. Null unless running. */
    leaseToken: number | null;
    leaseOwner: string | null;
    leaseExpiresAt: number | null;
    /** Start of the current or last attempt. */
    startedAt: number | null;
    finishedAt: number | null;
    progress: number | null;
    progressMessage: string | null;
    checkpoint: unknown;
    resultSha: string | null;
    lastError: JobError | null;
    deadReason: DeadReason | null;
    /** Bumped on every change; the HTTP API's weak ETag. */
    version: number;
    /** W3C traceparent of the enqueue span, so attempts join the producer's trace. */
    traceparent: string | null;
    /** Sums over all finished attempts. */
    cpuMs: number;
    wallMs: number;
}
export interface AttemptMetrics {
    /** Queue wait before this attempt started. Filled by the store at claim if omitted. */
    waitMs?: number;
    wallMs?: number;
    cpuMs?: number;
    peakMemBytes?: number;
}
export interface Attempt {
    jobId: number;
    attempt: number;
    token: number;
    workerId: string;
    startedAt: number;
    endedAt: number | null;
    outcome: AttemptOutcome;
    errorCode: string | null;
    errorMessage: string | null;
    errorStack: string | null;
    waitMs: number | null;
    wallMs: number | null;
    cpuMs: number | null;
    peakMemBytes: number | null;
}
export interface StoredResult {
    sha256: string;
    bytes: Buffer;
    contentType: string;
    size: number;
    createdAt: number;
}
