import type { Attempt, Job } from '../core/job.js';
import { type Estimate, type ExplainContext } from './estimate.js';
export type { ExplainContext } from './estimate.js';
/**
 * A job's story in plain words, from the job row, its attempts and what is
 * known about its queue. Pure: `gatherExplainContext` (context.ts) does the
 * reading, so every wording here is tested without a store.
 */
export interface Explanation {
    id: number;
    state: Job['state'];
    /** One sentence: what the job is doing or how it ended. */
    summary: string;
    /** Why, and what happens next, in a few sentences. */
    details: string[];
    attempts: AttemptLine[];
    /** For a waiting job: when it is expected to start. */
    estimate?: Estimate;
    /** The command that replays it (dead or cancelled jobs), or runs it now (scheduled, retrying). */
    command?: string;
    /** All of the above as text. */
    text: string;
}
export interface AttemptLine {
    attempt: number;
    outcome: Attempt['outcome'];
    text: string;
}
export declare const at: (t: number) => string;
export declare const dur: (ms: number) => string;
export declare function describeAttempt(a: Attempt, now: number): AttemptLine;
export declare function explainJob(job: Job, attempts: Attempt[], ctx: ExplainContext): Explanation;
