import type { Clock } from '../core/clock.js';
import type { AttemptMetrics, AttemptOutcome, Job, JobError, JobState } from '../core/job.js';
import type { TaskCatalog, TaskLogger } from '../core/task.js';
import type { Leader } from '../maintenance/leader.js';
import type { MaintenanceOptions } from '../maintenance/loop.js';
import type { Store } from '../store/store.js';

export interface NodeOptions {
  store: Store;
  /** Known tasks; or give `tasksDir` and they are loaded with loadTasks(). */
  tasks?: TaskCatalog;
  tasksDir?: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Lease length; heartbeats renew it every leaseMs / 3. Default 15 s. */
  leaseMs?: number;
  /** Drain: how long running jobs may take to finish before they are aborted. Default 25 s. */
  graceMs?: number;
  /** After an abort, how long a task may ignore it before its thread is terminated. Default 2 s. */
  abortGraceMs?: number;
  /** Queues served besides each known task's own queue (task.queue ?? task.name). */
  queues?: string[];
  clock?: Clock;
  logger?: TaskLogger;
  /** Results larger than this (serialized) fail with CB_RESULT_TOO_LARGE; default Defaults.maxResultBytes. */
  maxResultBytes?: number;
  /** JS heap cap per worker thread (resourceLimits); default 1024 MB. */
  maxOldGenerationSizeMb?: number;
  /**
   * 'thread' (default): worker threads, terminated on timeout. 'process': a
   * child process per worker, SIGKILLed on timeout, for native code that a
   * thread terminate cannot interrupt; costs a process per core and slower
   * messaging.
   */
  isolation?: import('./channel.js').Isolation;
  /**
   * Expected work per worker the node may claim ahead of a free worker, from
   * the moving average of its job times (see hand.ts). Jobs longer than this
   * are never held; 0 claims strictly for free workers. Default 500 ms (Defaults.lookaheadMs).
   */
  lookaheadMs?: number;
  /** Fallback claim poll when no wake-up arrives; default 1 s. */
  pollMs?: number;
  /** Heartbeat interval; default leaseMs / 3. */
  heartbeatMs?: number;
  /** In-process maintenance (rescue, promote, prune); false to run none. */
  maintenance?: false | Pick<MaintenanceOptions, 'rescueEveryMs' | 'promoteEveryMs' | 'pruneEveryMs' | 'retentionMs' | 'rescueGraceMs'>;
  /** Gate for maintenance on shared stores; default: always leader. */
  leader?: Leader;
  workerId?: string;
}

/** Emitted as 'attempt' once an attempt's outcome is settled (written to the store, or discarded). */
export interface AttemptEvent {
  job: Job;
  /** 'lost': the lease was lost (rescued, cancelled) and the outcome discarded; 'stale': the store refused the write. */
  outcome: AttemptOutcome | 'lost' | 'stale';
  /** The job's state after the write, when the store accepted it. */
  state?: JobState;
  error?: JobError;
  metrics: AttemptMetrics;
  worker: number;
  /** The serialized result (JSON bytes) of a succeeded attempt. */
  result?: Buffer;
}

export interface NodeStats {
  workerId: string;
  workers: number;
  busy: number;
  /** Jobs claimed ahead of a free worker (lookahead), not yet started. */
  held: number;
  /** Attempts that ended whose outcome is not in the store yet; grows while the store is away. */
  unwritten: number;
  draining: boolean;
  uptimeMs: number;
  /** jobId: the job running on the thread; queuedJobId: the one waiting in it to start next (short jobs). */
  perWorker: { index: number; busyMs: number; jobs: number; jobId: number | null; queuedJobId?: number | null }[];
  counts: { claimed: number; succeeded: number; failed: number; released: number; lost: number; stale: number };
}

export const silentLogger: TaskLogger = { debug() {}, info() {}, warn() {}, error() {} };
