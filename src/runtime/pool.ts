import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';
import { Defaults } from '../core/limits.js';
import type { Isolation } from './channel.js';
import type { NodeStats } from './node-options.js';
import type { FromWorker, RunMsg, WorkerInit } from './protocol.js';
import { type Outcome, Slot, type SlotHost, type SlotJob } from './slot.js';

export interface PoolOptions {
  /** Threads; default os.availableParallelism(). */
  size?: number;
  /** Heap cap per thread (resourceLimits.maxOldGenerationSizeMb); default 1024. */
  maxOldGenerationSizeMb?: number;
  maxResultBytes?: number;
  progressEveryMs?: number;
  /** Register tsx in the threads (task modules are TypeScript). */
  tsx?: boolean;
  /** 'thread' (default) or 'process': a child process per slot, killed with SIGKILL (native code). */
  isolation?: Isolation;
}

/** How many jobs a busy thread may have queued, and behind a job that has run for how long at most. */
export interface QueuePolicy {
  depth: number;
  maxRunMs: number;
}

export const NO_QUEUE: QueuePolicy = { depth: 0, maxRunMs: 0 };

export interface PoolEvents {
  /** A thread became ready (booted or replaced): a worker is free. */
  ready(): void;
  outcome(slot: Slot, job: SlotJob, outcome: Outcome): void;
  /** A job queued on a busy thread started (its predecessor ended). */
  started(slot: Slot, id: number): void;
  /** A job queued on a thread will not run there; the caller still holds its lease. */
  unstarted(slot: Slot, id: number): void;
  message(slot: Slot, m: FromWorker): void;
  bootFailure(err: Error | null): void;
}

const NONE: readonly number[] = [];

/**
 * Long-lived worker threads, one job each at a time. Hard timeouts and
 * kill-after-ignored-abort share one timer armed at the earliest deadline,
 * so the hot path sets no per-job timer.
 *
 * A busy thread may also be given its next jobs (`run(…, depth)`: up to
 * `depth` queued behind the running one), which wait in the thread and start
 * the moment the one ahead ends: the thread does not sit idle for a round
 * trip through the main thread (two thread wake-ups per job), and jobs
 * dispatched together reach it in one message. The caller sizes `depth` to
 * about a millisecond of work and takes queued jobs back for threads that go
 * idle (`takeBackQueued`), so a job queued behind a long one does not wait
 * for it. Threads only: the take-back needs memory shared with the thread.
 */
export class Pool {
  readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly queueing: boolean;
  private sweepAt = Number.POSITIVE_INFINITY;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(opts: PoolOptions, events: PoolEvents) {
    quietWorkerHeaps();
    const size = Math.max(1, opts.size ?? availableParallelism());
    const hostIsTs = import.meta.url.endsWith('.ts');
    const init: WorkerInit = {
      hostUrl: new URL(hostIsTs ? './worker-host.ts' : './worker-host.js', import.meta.url).href,
      tsx: hostIsTs || !!opts.tsx,
      maxResultBytes: opts.maxResultBytes ?? Defaults.maxResultBytes,
      progressEveryMs: opts.progressEveryMs ?? 100,
    };
    const resourceLimits: ResourceLimits = { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb ?? 1024 };
    this.queueing = (opts.isolation ?? 'thread') === 'thread';
    const host: SlotHost = {
      init,
      bootUrl: bootShimUrl(),
      resourceLimits,
      isolation: opts.isolation ?? 'thread',
      onReady: (slot) => {
        this.idle.push(slot);
        events.ready();
      },
      onMessage: (slot, m) => events.message(slot, m),
      onOutcome: (slot, job, outcome) => {
        // A clean finish frees the thread now; a dead thread frees on its replacement's ready.
        if ((outcome.kind === 'ok' || outcome.kind === 'error') && !slot.job) this.idle.push(slot);
        events.outcome(slot, job, outcome);
      },
      onStarted: (slot, job) => {
        this.arm(job.deadline);
        this.arm(job.killAt);
        events.started(slot, job.id);
      },
      onUnstarted: (slot, id) => {
        if (slot.accepting && !slot.job && !this.idle.includes(slot)) this.idle.push(slot);
        events.unstarted(slot, id);
      },
      onBootFailure: (_slot, err) => events.bootFailure(err),
      onDown: (slot) => {
        const i = this.idle.indexOf(slot);
        if (i >= 0) this.idle.splice(i, 1);
      },
    };
    for (let i = 0; i < size; i++) this.slots.push(new Slot(i, host));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Ready threads with no job. */
  get free(): number {
    return this.idle.length;
  }

  get busy(): number {
    let n = 0;
    for (const s of this.slots) if (s.job) n++;
    return n;
  }

  /** Per thread: busy time so far, jobs done, the running job and the first queued one. */
  workerStats(now: number): NodeStats['perWorker'] {
    return this.slots.map((s) => ({
      index: s.index,
      busyMs: s.busyMs + (s.job ? now - s.job.startedAt : 0),
      jobs: s.jobs,
      jobId: s.job?.id ?? null,
      queuedJobId: s.next[0]?.id ?? null,
    }));
  }

  /** Jobs queued on busy threads. */
  get queued(): number {
    let n = 0;
    for (const s of this.slots) n += s.next.length;
    return n;
  }

  /**
   * Jobs the pool can take now: free threads, plus room in busy threads'
   * queues of `q.depth`, on threads whose running job has run less than
   * `q.maxRunMs` (a job that has outlived the usual is likely a long one).
   */
  room(q: QueuePolicy): number {
    let n = this.idle.length;
    if (q.depth > 0 && this.queueing) {
      const now = performance.now();
      for (const s of this.slots) if (this.queueable(s, q, now)) n += q.depth - s.next.length;
    }
    return n;
  }

  /**
   * A busy thread is topped up once its queue is down to half (or while a
   * message to it is going out this turn anyway), not after every job it
   * finishes: each post wakes the thread and costs the main thread a
   * message, and a drain of no-op jobs posted once per job (76,097 posts for
   * 81,217 jobs; now about one per fourteen). Jobs of half a millisecond or
   * longer have a depth of one or two and are topped up as before.
   */
  private queueable(s: Slot, q: QueuePolicy, now: number): boolean {
    return (
      !!s.job &&
      s.accepting &&
      s.next.length < q.depth &&
      (s.posting || s.next.length <= q.depth >> 1) &&
      now - s.job.startedAt < q.maxRunMs
    );
  }

  /** Runs a job on a free thread, else queues it on the queueable busy one with the shortest queue; null if none. */
  run(msg: RunMsg, timeoutMs: number, q: QueuePolicy = NO_QUEUE): Slot | null {
    const slot = this.idle.pop() ?? this.shortestQueue(q);
    if (!slot) return null;
    const job = slot.run(msg, timeoutMs);
    if (job) this.arm(job.deadline);
    return slot;
  }

  /**
   * Takes back the queued jobs (not started yet) of threads whose running job
   * has run `maxRunMs` or longer: a job queued behind a long one would wait
   * for it. Their ids, in the order they were queued.
   */
  takeBackBehind(maxRunMs: number): readonly number[] {
    if (!this.queueing) return NONE;
    let ids: number[] | null = null;
    const now = performance.now();
    for (const s of this.slots) {
      if (!s.job || s.next.length === 0 || now - s.job.startedAt < maxRunMs) continue;
      ids ??= [];
      for (let id = s.takeBack(); id !== null; id = s.takeBack()) ids.push(id);
    }
    // Called on every finished job and nearly always empty: no array for nothing.
    return ids ?? NONE;
  }

  /**
   * Takes back one queued job that its thread has not started, for a free
   * thread: from the thread whose running job has run longest. Its id, or null.
   */
  takeBackQueued(): number | null {
    const byAge = this.slots.filter((s) => s.job && s.next.length > 0);
    byAge.sort((a, b) => (a.job?.startedAt ?? 0) - (b.job?.startedAt ?? 0));
    for (const s of byAge) {
      const id = s.takeBack();
      if (id !== null) return id;
    }
    return null;
  }

  private shortestQueue(q: QueuePolicy): Slot | undefined {
    if (!this.queueing || q.depth === 0) return undefined;
    const now = performance.now();
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (this.queueable(s, q, now) && (!best || s.next.length < best.next.length)) best = s;
    }
    return best;
  }

  /** Signals job `id`'s AbortSignal (takes it back if still queued); terminates the thread if it still runs after graceMs. */
  abort(slot: Slot, id: number, graceMs: number): void {
    slot.abort(id, graceMs);
    if (slot.job?.id === id) this.arm(slot.job.killAt);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await Promise.all(this.slots.map((s) => s.close()));
  }

  private arm(at: number): void {
    if (this.closed || at >= this.sweepAt) return;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.max(0, at - performance.now()) + 1);
  }

  private sweep(): void {
    this.sweepTimer = null;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const slot of this.slots) {
      const job = slot.job;
      if (!job) continue;
      if (job.deadline <= now) slot.kill('timeout');
      else if (job.killAt <= now) slot.kill('killed');
      else next = Math.min(next, job.deadline, job.killAt);
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}

/**
 * The boot shim is plain .mjs, which tsc does not emit: next to this module
 * when the build copied it (dist/runtime/), else in the source tree (the
 * same two levels up from src/runtime/ and dist/runtime/).
 */
function bootShimUrl(): URL {
  for (const rel of ['./worker-boot.mjs', '../../src/runtime/worker-boot.mjs']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error('corebound: worker-boot.mjs not found next to runtime/pool or in src/runtime/');
}

/**
 * Turns off V8's memory reducer for the worker isolates created from now on.
 * It exists to hand memory back when an isolate looks idle, and a worker
 * running a CPU-bound job allocates too little to look anything else: each
 * thread kept re-running full "(reduce)" collections of a heap that had
 * nothing to give back, on the background GC threads that the busy workers
 * share their cores with. Measured with 20 ms jobs on 2 cores: CPU beside the
 * workers fell from ~0.30 to ~0.17 ms per job. Heaps still collect when they
 * fill, and the heap cap (resourceLimits) is unchanged. The flag is read when
 * an isolate is created, so isolates that already exist are not affected.
 */
let heapsQuieted = false;
function quietWorkerHeaps(): void {
  if (heapsQuieted) return;
  heapsQuieted = true;
  setFlagsFromString('--no-memory-reducer');
}
