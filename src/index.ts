/**
 * corebound's public API. Everything the CLI and HTTP API do is available
 * here, typed.
 */
export { Client, type EnqueueOptions } from './client/client.js';
export { Defaults } from './core/limits.js';
export { type Clock, ManualClock, systemClock } from './core/clock.js';
export { CoreboundError, ErrorCodes, type ErrorCode, NonRetryableError, isCoreboundError } from './core/errors.js';
export type { Attempt, AttemptOutcome, DeadReason, Job, JobError, JobState } from './core/job.js';
export { JobStates } from './core/job.js';
export { type RetryPolicy, backoffDelay, defaultRetryPolicy } from './core/retry.js';
export type { EnqueueSpec } from './core/spec.js';
export { defineTask, type TaskCatalog, type TaskContext, type TaskDefinition } from './core/task.js';
export { openStore, type OpenStoreOptions } from './store/open.js';
export type * from './store/store.js';
export { startNode } from './runtime/start-node.js';
export { Node } from './runtime/supervisor.js';
export type { AttemptEvent, NodeOptions, NodeStats } from './runtime/node-options.js';
export { loadTasks } from './runtime/load-tasks.js';
export type { Leader } from './maintenance/leader.js';
export { startApiServer, type ApiServerOptions } from './http/server.js';
export * from './telemetry/index.js';
export { plan, evaluate, type Plan, type PlanInput } from './cost/planner.js';
export { attemptCost, jobCost, type CostBasis } from './cost/attempt-cost.js';
