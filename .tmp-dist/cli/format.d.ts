import type { Attempt, Job } from '../core/job.js';
export declare function bar(fraction: number, width?: number): string;
/** The human view of `corebound status`: what state, why, and what happened. */
export declare function formatJob(job: Job, attempts: Attempt[]): string;
export declare function formatJobRow(j: Job): string;
