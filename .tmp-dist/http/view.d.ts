import type { Attempt, Job } from '../core/job.js';
import { type CostBasis } from '../cost/attempt-cost.js';
import type { JobView } from './schemas.js';
/**
 * The public shape of a job. Lease internals (fencing token, owner) and
 * error stacks stay inside: the first is a capability of the worker, the
 * second can leak paths and code.
 */
export declare function jobView(job: Job, now: number, extra?: {
    resultUrl?: string;
    input?: boolean;
    history?: Attempt[];
    cost?: CostBasis | null;
}): JobView;
