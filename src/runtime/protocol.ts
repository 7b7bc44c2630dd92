/**
 * Messages between the supervisor (main thread) and a worker thread host.
 * Kept flat and small: they are structured-cloned on the hot path.
 */
import type { JobError } from '../core/job.js';

export interface RunMsg {
  t: 'run';
  id: number;
  attempt: number;
  /** Module file of the task; the host imports it once per thread. */
  file: string;
  input: unknown;
  checkpoint: unknown;
  /**
   * Where the start of this job is decided (threads that queue jobs, see
   * slot.ts): the thread may start it only by swapping `ctl[at]` from `tag`
   * to `-tag`; the main thread takes a queued job back by swapping it to 0.
   */
  at?: number;
  tag?: number;
}

export type ToWorker =
  | RunMsg
  | { t: 'abort'; id: number }
  | { t: 'ckpt-ack'; seq: number; ok: boolean; error?: string; code?: string }
  /** Several messages posted in one turn, delivered as one (in order). */
  | { t: 'batch'; msgs: ToWorker[] };

export interface ReadyMsg {
  t: 'ready';
  /** Path of this thread's schedstat file, so the main thread can read its CPU time before terminating it. */
  schedstat: string | null;
  cpuNs: number;
}

export interface DoneMsg {
  t: 'done';
  id: number;
  ok: boolean;
  /** Serialized result (JSON text) when ok. */
  json?: string;
  error?: JobError;
  /** The error says retrying cannot help (NonRetryableError, bad input, result too large). */
  nonRetryable?: boolean;
  /** The task ended while its signal was aborted. */
  aborted?: boolean;
  wallMs: number;
  cpuMs: number;
  /** Thread CPU time (ns) when the job ended; lets the main thread account a later killed job. */
  cpuNs: number;
  peakMemBytes: number;
}

export type FromWorker =
  | ReadyMsg
  | DoneMsg
  | { t: 'progress'; id: number; fraction: number; message?: string }
  | { t: 'ckpt'; id: number; seq: number; state: unknown }
  | { t: 'log'; id: number; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields?: Record<string, unknown> };

export interface WorkerInit {
  /** file: URL of worker-host (.ts under tsx/vitest, .js from dist). */
  hostUrl: string;
  /** Register tsx before importing the host (TypeScript host or task files). */
  tsx: boolean;
  maxResultBytes: number;
  /** Minimum interval between progress messages from one job. */
  progressEveryMs: number;
  /** Start control words of queued jobs, shared with the main thread (RunMsg.at/tag); threads only. */
  ctl?: SharedArrayBuffer;
}
