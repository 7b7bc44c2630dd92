import type { z } from 'zod';
import type { RetryPolicy } from './retry.js';

export interface TaskLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What task code sees while it runs (inside a worker thread). */
export interface TaskContext<C = unknown> {
  id: number;
  attempt: number;
  /** Aborted when the job is cancelled, its lease is lost, or the node drains. */
  signal: AbortSignal;
  /** Reports progress in [0, 1]; throttled and sent with the next heartbeat. */
  progress(fraction: number, message?: string): void;
  /**
   * Durably saves resumable state; a retry receives it as `checkpointState`. Rejects with code
   * CB_STALE_LEASE when the job's lease is gone (stop: another attempt owns the job),
   * CB_PAYLOAD_TOO_LARGE over the payload limit, or the store's error code when it could not be written.
   */
  checkpoint(state: C): Promise<void>;
  /** The last checkpoint saved by an earlier attempt, or undefined. */
  checkpointState: C | undefined;
  log: TaskLogger;
}

export interface TaskDefinition<I = unknown, O = unknown> {
  name: string;
  /** zod schema; validated at enqueue wherever tasks are known, and again before run. */
  input?: z.ZodType<I>;
  retry?: RetryPolicy;
  /** Hard timeout per attempt (ms or '30s'): the thread is terminated and replaced. */
  timeout?: number | string;
  /** Default queue (defaults to the task name). */
  queue?: string;
  run(input: I, ctx: TaskContext): Promise<O> | O;
}

/** Declares a task; input is typed from the schema. */
export function defineTask<S extends z.ZodType, O>(
  def: Omit<TaskDefinition<z.output<S>, O>, 'input'> & { input: S },
): TaskDefinition<z.output<S>, O>;
export function defineTask<I = unknown, O = unknown>(def: TaskDefinition<I, O>): TaskDefinition<I, O>;
export function defineTask(def: TaskDefinition): TaskDefinition {
  if (!def || typeof def.name !== 'string' || typeof def.run !== 'function') {
    throw new TypeError('defineTask needs { name: string, run(input, ctx) }');
  }
  return def;
}

/** Tasks known to a process (CLI with --tasks, server, node), by name, with the module file they came from. */
export type TaskCatalog = Map<string, TaskDefinition & { file: string }>;
