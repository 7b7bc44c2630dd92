import type { Attempt, Job, JobState } from '../core/job.js';
import type { ApiToken, FinishedAttempt, QueueConfig } from './store.js';
/**
 * Row → model mapping shared by both stores. Both schemas use the same
 * column names; PostgreSQL returns int8 as strings, hence Number().
 */
type Row = Record<string, unknown>;
export declare function rowToJob(r: Row): Job;
export declare function rowToAttempt(r: Row): Attempt;
export declare function rowToFinishedAttempt(r: Row): FinishedAttempt;
export declare function rowToQueueConfig(r: Row): QueueConfig;
export declare function rowToToken(r: Row): ApiToken;
export declare function emptyCounts(): Record<JobState, number>;
export {};
