import type { Job } from '../core/job.js';
import type { TaskDefinition } from '../core/task.js';
import type { Leased } from './heartbeats.js';
import type { Slot } from './slot.js';

/** A task as a node runs it. */
export interface TaskInfo {
  def: TaskDefinition & { file: string };
  /** The task's own timeout, applied to jobs enqueued with the default timeout. */
  timeoutMs: number | undefined;
}

/** A job claimed ahead of a free worker (see hand.ts). */
export interface Held extends Leased {
  job: Job;
  task: TaskInfo;
}

/** A held job once it is on a worker (running or queued in its thread). */
export interface Running extends Held {
  slot: Slot;
  waitMs: number;
  /** Set when the node aborted the job to drain: a failure then means "release", not "fail". */
  draining: boolean;
}
