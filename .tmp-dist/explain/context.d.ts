import type { Job } from '../core/job.js';
import type { Store } from '../store/store.js';
import type { NodeStatsSource, QueueSnapshotSource } from '../telemetry/metrics.js';
import type { ExplainContext } from './estimate.js';
export interface GatherOptions {
    now: number;
    /** The shared snapshot; without it (the CLI) one store.stats() is taken. */
    monitor?: QueueSnapshotSource;
    node?: NodeStatsSource;
    /** Stop counting jobs ahead past this many (then "at least N"). Default 2,000. */
    aheadCap?: number;
    /** How far back attempts are read to measure the task's service time. Default 1 hour. */
    serviceWindowMs?: number;
}
/**
 * Reads what `explain` needs about a job's surroundings. Only for a job
 * that waits does it look further than the snapshot: its position (a
 * bounded walk over the queue's queued jobs, through the public list()) and
 * the task's recent attempt times (one bounded finishedAttempts read).
 */
export declare function gatherExplainContext(store: Store, job: Job, opts: GatherOptions): Promise<ExplainContext>;
/**
 * Queued jobs of the same queue that the claim order (priority, runAt, id)
 * puts first, through the public list() (newest first, by id). Older jobs
 * are walked first, from this job's id down: at equal priority they are the
 * ones ahead. Then newer jobs, down to this job's id, for those that jumped
 * the line with a lower priority number. Each walk stops after `cap` rows and
 * the answer becomes "at least count".
 */
export declare function countAhead(store: Pick<Store, 'list'>, job: Job, cap: number): Promise<{
    count: number;
    capped: boolean;
}>;
