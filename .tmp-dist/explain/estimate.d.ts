import type { Job } from '../core/job.js';
/** What `explain` knows beyond the job itself; every field is optional and the wording says what is missing. */
export interface ExplainContext {
    now: number;
    /** The job's queue in the shared stats snapshot. */
    queue?: {
        paused: boolean;
        depth: number;
        queued: number;
        running: number;
        drainPerSec: number;
    } | null;
    /** Queued jobs of the same queue that are claimed before this one; `capped` means "at least". */
    ahead?: {
        count: number;
        capped: boolean;
    } | null;
    /** Mean wall time of recent attempts of the task. */
    service?: {
        meanMs: number;
        samples: number;
    } | null;
    /** Worker threads of the node in this process, when there is one. */
    workers?: {
        total: number;
        busy: number;
    } | null;
}
export interface Estimate {
    ahead: number | null;
    aheadCapped: boolean;
    /** Jobs of the queue running now. */
    running: number | null;
    /** Jobs leaving the queue per second, and where that number came from. */
    ratePerSec: number | null;
    basis: 'drain-rate' | 'service-time' | null;
    startInMs: number | null;
    startsAt: number | null;
    /** Why it cannot start at all right now. */
    blocked: 'paused' | 'no-workers' | null;
    reasons: string[];
}
/**
 * When a queued job should start: (jobs ahead + 1) ÷ the rate jobs leave its
 * queue. The rate is the snapshot's measured drain rate when there is one,
 * else running jobs ÷ the task's mean attempt time. A rough, honest number:
 * it assumes the jobs ahead take as long as recent ones and that the
 * workers serving the queue stay as they are.
 */
export declare function estimateStart(job: Pick<Job, 'queue' | 'task'>, ctx: ExplainContext): Estimate;
