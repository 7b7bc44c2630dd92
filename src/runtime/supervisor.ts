import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { type Clock, systemClock } from '../core/clock.js';
import { parseDuration } from '../core/duration.js';
import { ErrorCodes } from '../core/errors.js';
import type { AttemptMetrics, Job } from '../core/job.js';
import { Defaults } from '../core/limits.js';
import type { TaskCatalog, TaskLogger } from '../core/task.js';
import { type Maintenance, startMaintenance } from '../maintenance/loop.js';
import { inputChars } from '../store/rows.js';
import type { LeaseOutcome, Store } from '../store/store.js';
import { ClaimLoop } from './claim-loop.js';
import { ClaimSizing } from './claim-sizing.js';
import { Hand } from './hand.js';
import { Heartbeats } from './heartbeats.js';
import type { Held, Running, TaskInfo } from './node-jobs.js';
import type { NodeOptions, NodeStats } from './node-options.js';
import { silentLogger } from './node-options.js';
import { Pool } from './pool.js';
import { outcomeToWrite, writtenEvent } from './outcomes.js';
import { type Pending, ResultWriter } from './results.js';
import type { Outcome, Slot } from './slot.js';
import { isTypeScriptFile } from './task-module.js';
import { type MessageContext, onWorkerMessage } from './worker-messages.js';

export type { AttemptEvent, NodeOptions, NodeStats } from './node-options.js';

/** How long past its kill a terminated thread may take to stop before it is taken as stuck in native code. */
const STUCK_THREAD_MS = 2_000;

/**
 * One node: a supervisor on the main thread driving a pool of worker
 * threads. It claims only as many jobs as it has free threads, renews
 * leases, writes outcomes in batches, and drains on request.
 */
export class Node extends EventEmitter {
  readonly workerId: string;
  readonly booted: Promise<void>;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly log: TaskLogger;
  private readonly tasks = new Map<string, TaskInfo>();
  private readonly queues: string[];
  private readonly leaseMs: number;
  private readonly graceMs: number;
  private readonly abortGraceMs: number;
  private readonly pool: Pool;
  private readonly writer: ResultWriter;
  private readonly heartbeats: Heartbeats;
  private readonly running = new Map<number, Running>();
  /**
   * Jobs claimed again while an older attempt of the same job still runs
   * here (its lease was rescued or cancelled and the job re-queued before
   * this node heard): they start when the old attempt has left. One attempt
   * per job id on a node, so an outcome or checkpoint is never written under
   * another attempt's lease.
   */
  private readonly superseding = new Map<number, Held>();
  private readonly hand: Hand<Held>;
  private readonly sizing: ClaimSizing;
  private readonly counts = { claimed: 0, succeeded: 0, failed: 0, released: 0, lost: 0, stale: 0 };
  private readonly startedAt = performance.now();
  private readonly messageContext: MessageContext<Running>;
  private maintenance: Maintenance | null = null;
  private unsubscribeWake: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly claims: ClaimLoop;
  private stopping = false;
  private claimsStarted = false;
  private drained: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly opts: NodeOptions,
    catalog: TaskCatalog,
  ) {
    super();
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? silentLogger;
    this.messageContext = {
      store: this.store,
      log: this.log,
      find: (id) => this.running.get(id),
      leaseLost: (r) => this.leaseLost(r),
    };
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.leaseMs = opts.leaseMs ?? Defaults.leaseMs;
    this.graceMs = opts.graceMs ?? Defaults.drainGraceMs;
    this.abortGraceMs = opts.abortGraceMs ?? 2000;
    const queues = new Set(opts.queues ?? []);
    for (const def of catalog.values()) {
      const timeoutMs = def.timeout === undefined ? undefined : parseDuration(def.timeout, `timeout of ${def.name}`);
      this.tasks.set(def.name, { def, timeoutMs });
      queues.add(def.queue ?? def.name);
    }
    this.queues = [...queues];
    this.claims = new ClaimLoop(this.store, this.log, {
      needsWork: (pending) => this.sizing.needsWork(pending),
      request: (pending) => this.sizing.claimRequest(pending),
      outcomesQueued: () => this.writer.queued > 0,
      expediteOutcomes: () => this.writer.expedite(),
      place: (jobs) => this.place(jobs),
      stopping: () => this.stopping,
    });
    this.writer = new ResultWriter(
      this.store,
      this.log,
      (p, o) => this.written(p, o),
      this.claims.rider,
      () => this.sizing.writeDeferMs(),
    );
    this.heartbeats = new Heartbeats(
      this.store,
      this.leaseMs,
      opts.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3)),
      () => this.leased(),
      (id) => this.superseding.get(id) ?? this.running.get(id) ?? this.hand.find(id),
      (r) => this.leaseLost(r as Held),
      this.log,
      () => this.writer.leases(),
    );
    let bootFailed: (e: Error) => void = () => {};
    let readyCount = 0;
    this.pool = new Pool(
      {
        size: opts.workers,
        maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb,
        maxResultBytes: opts.maxResultBytes,
        tsx: [...catalog.values()].some((d) => isTypeScriptFile(d.file)),
        isolation: opts.isolation,
      },
      {
        ready: () => {
          if (++readyCount === this.pool.size) this.emit('booted');
          this.startHeld();
          // Not before start(): a thread that booted first would claim and run jobs before startNode
          // returned the node, so their 'attempt' events went out before anyone could listen.
          if (this.claimsStarted) this.kick();
        },
        outcome: (slot, job, outcome) => this.settle(slot, job.id, outcome),
        started: (_slot, id) => this.started(id),
        unstarted: (_slot, id) => this.unstarted(id),
        message: (slot, m) => onWorkerMessage(slot, m, this.messageContext),
        bootFailure: (err) => {
          this.log.error('worker thread failed to start', { error: err?.message });
          bootFailed(err ?? new Error('worker thread failed to start'));
        },
      },
    );
    this.hand = new Hand(opts.lookaheadMs ?? Defaults.lookaheadMs, this.pool.size);
    this.sizing = new ClaimSizing(this.hand, this.pool, () => this.stopping, () => this.claims.wantsWork(), {
      workerId: this.workerId,
      leaseMs: this.leaseMs,
      queues: this.queues,
    });
    this.booted = new Promise<void>((resolve, reject) => {
      this.once('booted', resolve);
      bootFailed = (e) => {
        if (readyCount < this.pool.size) void this.pool.close().finally(() => reject(e));
      };
    });
  }

  /** Begins claiming, heartbeats and maintenance. */
  start(): void {
    this.claimsStarted = true;
    this.unsubscribeWake = this.store.onWake(this.claims.wake);
    this.pollTimer = setInterval(this.claims.wake, this.opts.pollMs ?? 1000);
    this.heartbeats.start();
    if (this.opts.maintenance !== false) {
      this.maintenance = startMaintenance({
        rescueGraceMs: this.leaseMs + this.heartbeats.everyMs,
        ...this.opts.maintenance,
        store: this.store,
        clock: this.clock,
        leader: this.opts.leader,
        logger: this.log,
        onWork: this.claims.wake,
      });
    }
    this.kick();
  }

  /** Wakes the claim loop; cheap to call often (coalesced to one claim per turn). */
  readonly kick = (): void => this.claims.kick();

  /** Starts or holds claimed jobs; true when one had no task here (its thread is still free). */
  private place(jobs: Job[]): boolean {
    this.counts.claimed += jobs.length;
    const now = this.clock.now();
    let unknown = false;
    this.startHeld();
    for (const job of jobs) {
      this.hand.observeInput(inputChars(job) ?? 0);
      const token = job.leaseToken as number;
      const task = this.tasks.get(job.task);
      // Jobs beyond the hand's room (its target moved while the claim was out) are held anyway:
      // releasing them would cost a write each and hand them straight back to this node.
      if (this.stopping) {
        this.release(job.id, token, job);
      } else if (!task) {
        unknown = true;
        const error = { code: ErrorCodes.UNKNOWN_TASK, message: `no task named "${job.task}" on this node` };
        const item = { id: job.id, token, kind: 'error' as const, error, retryable: false, retryDelayMs: 0 };
        this.writer.push({ op: 'fail', item, meta: { job, worker: -1 } });
      } else {
        const h: Held = { id: job.id, token, job, task, progressDirty: false, lost: false };
        if (!(this.sizing.room() > 0 && this.dispatch(h, now))) this.hand.hold(h);
      }
    }
    return unknown;
  }

  /** Starts held jobs on free workers: the oldest first, before anything newly claimed. */
  private startHeld(): void {
    if (this.stopping) return;
    let now: number | undefined;
    // Jobs queued behind one that has run long: back to the hand's front, for a worker that is not stuck.
    const behind = this.pool.takeBackBehind(this.sizing.queuePolicy().maxRunMs);
    for (let i = behind.length - 1; i >= 0; i--) this.requeue(behind[i]);
    for (;;) {
      while (this.hand.size > 0 && this.sizing.room() > 0) {
        now ??= this.clock.now();
        const h = this.hand.take()!;
        if (!this.dispatch(h, now)) {
          this.hand.putBack(h);
          break;
        }
      }
      // A free worker and nothing in hand: run a job that waits queued behind another worker's.
      if (this.hand.size > 0 || this.pool.free === 0) break;
      const id = this.pool.takeBackQueued();
      if (id === null) break;
      this.requeue(id);
    }
    if (now !== undefined && this.hand.low()) this.kick();
  }

  private *leased(): Iterable<Held> {
    yield* this.running.values();
    yield* this.hand.values();
    yield* this.superseding.values();
  }

  /** Starts or queues the job on a worker; false when none can take it (room() is a moment older). */
  private dispatch(h: Held, now: number): boolean {
    const prior = this.running.get(h.id);
    if (prior !== undefined) {
      this.supersede(prior, h);
      return true;
    }
    const { job, task } = h;
    const timeoutMs =
      task.timeoutMs !== undefined && job.timeoutMs === Defaults.timeoutMs ? task.timeoutMs : job.timeoutMs;
    const slot = this.pool.run(
      { t: 'run', id: job.id, attempt: job.attempt, file: task.def.file, input: job.input, checkpoint: job.checkpoint },
      timeoutMs,
      this.sizing.queuePolicy(),
    );
    if (!slot) return false;
    // The wait ends when a worker starts the job, not when it was claimed (held jobs wait in the hand);
    // a job queued on a busy worker has its wait set again when it starts.
    const waitMs = Math.max(0, now - job.runAt);
    // Spelled out: a spread here was ~1.8 KB of the main thread's allocations per job (heap sampling).
    this.running.set(job.id, {
      id: h.id,
      token: h.token,
      job,
      task,
      progress: h.progress,
      progressMessage: h.progressMessage,
      progressDirty: h.progressDirty,
      lost: h.lost,
      slot,
      waitMs,
      draining: false,
    });
    return true;
  }

  /**
   * Two leases of one job on this node: the store re-leased the job (lease
   * tokens only grow), so the older attempt's is gone. A stale held job is
   * dropped; a stale running one is aborted and the newer waits for it to go.
   */
  private supersede(prior: Running, h: Held): void {
    if (h.token <= prior.token) {
      this.dropLost(h, 'a newer lease of this job is already here; dropping the older');
      return;
    }
    const waiting = this.superseding.get(h.id);
    if (waiting) this.dropLost(waiting, 'superseded by a newer lease of the same job');
    this.superseding.set(h.id, h);
    if (!prior.lost) this.leaseLost(prior);
  }

  private dropLost(h: Held, why: string): void {
    this.log.warn(why, { jobId: h.id, task: h.job.task });
    this.noteLost(h.job);
  }

  /** An attempt that ended with its lease gone: nothing to write. */
  private noteLost(job: Job, worker = -1, metrics: AttemptMetrics = {}): void {
    this.counts.lost++;
    if (this.listenerCount('attempt') > 0) this.emit('attempt', { job, worker, outcome: 'lost', metrics });
  }

  /** An attempt left `running`: the newer lease of the same job waiting for it may start. */
  private left(id: number): void {
    const next = this.superseding.get(id);
    if (next === undefined) return;
    this.superseding.delete(id);
    if (this.stopping) this.release(id, next.token, next.job);
    else this.hand.putBack(next);
  }

  /** A job queued on a busy worker started. */
  private started(id: number): void {
    const r = this.running.get(id);
    if (r) r.waitMs = Math.max(0, this.clock.now() - r.job.runAt);
  }

  /**
   * A job queued on a worker will not run there (the worker died first, or
   * it was taken back on abort): like a held job, it goes back to the hand to
   * start first, or is released on a drain, or was lost.
   */
  private unstarted(id: number): void {
    const waiting = this.superseding.has(id);
    if (this.requeue(id) || waiting) this.startHeld();
    this.wakeIfIdle();
  }

  /** unstarted() without starting anything: true when the job went back to the hand. */
  private requeue(id: number): boolean {
    const r = this.running.get(id);
    if (!r) return false;
    this.running.delete(id);
    this.left(id);
    const h: Held = { id: r.id, token: r.token, job: r.job, task: r.task, progressDirty: false, lost: r.lost };
    if (h.lost) {
      this.noteLost(h.job);
      return false;
    }
    if (this.stopping) {
      this.release(h.id, h.token, h.job);
      return false;
    }
    this.hand.putBack(h);
    return true;
  }

  /** Gives a lease back: the job is queued again at once, charged nothing. */
  private release(id: number, token: number, job: Job, worker = -1): void {
    this.writer.push({ op: 'release', item: { id, token }, meta: { job, worker } });
  }

  private leaseLost(h: Held): void {
    h.lost = true;
    // Never started: nothing to abort, and the store already gave the job to someone else.
    if (this.superseding.get(h.id) === h ? this.superseding.delete(h.id) : this.hand.remove(h)) {
      this.dropLost(h, 'lease lost on a held job; dropping it');
      return;
    }
    const r = h as Running;
    this.log.warn('lease lost; aborting the job locally', { jobId: r.id, task: r.job.task });
    this.pool.abort(r.slot, r.id, this.abortGraceMs);
  }

  /** Turns a worker's outcome into a store write, or discards it when the lease is gone. */
  private settle(slot: Slot, jobId: number, outcome: Outcome): void {
    const r = this.running.get(jobId);
    if (!r) return;
    this.running.delete(jobId);
    this.left(jobId);
    if (outcome.kind === 'ok' || outcome.kind === 'error') this.hand.observe(outcome.metrics.wallMs ?? Number.NaN);
    // The freed worker takes its next job now; the store write and the refill claim follow in one transaction.
    this.startHeld();
    const m = outcome.metrics;
    const metrics: AttemptMetrics = { waitMs: r.waitMs, wallMs: m.wallMs, cpuMs: m.cpuMs, peakMemBytes: m.peakMemBytes };
    if (r.lost) this.noteLost(r.job, slot.index, metrics);
    else this.writer.push(outcomeToWrite(r, r.task.def.retry, outcome, metrics, { job: r.job, worker: slot.index }));
    this.wakeIfIdle();
    // Only when a claim is due: an idle kick still costs the event loop an extra turn per job.
    if (this.claims.wantsWork()) this.kick();
  }

  private written(p: Pending, o: LeaseOutcome | null): void {
    if (o && !o.ok) this.counts.stale++;
    else if (o?.ok) {
      if (p.op === 'complete') this.counts.succeeded++;
      else if (p.op === 'fail') this.counts.failed++;
      else this.counts.released++;
    }
    if (this.listenerCount('attempt') > 0) this.emit('attempt', writtenEvent(p, o));
  }

  /**
   * Graceful drain: stop claiming, let running jobs finish for up to graceMs,
   * then abort them (terminating threads that ignore the abort) and release
   * their leases so they run again at once elsewhere. Resolves when nothing
   * runs and every outcome is written (or, with the store unreachable, one
   * lease later: those jobs run again); the node is then closed.
   */
  drain(graceMs = this.graceMs): Promise<void> {
    this.drained ??= this.doDrain(graceMs);
    return this.drained;
  }

  /** Drains with no grace: running jobs are aborted and released now. */
  stop(): Promise<void> {
    return this.drain(0);
  }

  private async doDrain(graceMs: number): Promise<void> {
    this.stopping = true;
    this.unsubscribeWake?.();
    if (this.pollTimer) clearInterval(this.pollTimer);
    const maintenance = this.maintenance?.stop();
    await this.claims.settled();
    // Held jobs never started: give them back now so they run at once elsewhere.
    for (const h of [...this.hand.takeAll(), ...this.superseding.values()]) {
      this.release(h.id, h.token, h.job);
    }
    this.superseding.clear();
    // So are jobs still queued in busy workers: taken back, they are released (see unstarted). One a
    // thread has already started runs on, within the grace, like any other.
    for (const r of [...this.running.values()]) {
      if (!r.lost) r.slot.takeBackJob(r.id);
    }
    await this.whenIdle(graceMs);
    for (const r of this.running.values()) {
      if (r.lost) continue;
      r.draining = true;
      this.pool.abort(r.slot, r.id, this.abortGraceMs);
    }
    // A terminated thread stops within milliseconds, unless it is inside a native call, which a terminate
    // waits for. Its job is given back now rather than left leased to a node that is leaving; this
    // process then exits when the call returns (Node.js waits for its threads).
    await this.whenIdle(this.abortGraceMs + STUCK_THREAD_MS);
    const stuck = [...this.running.values()];
    for (const r of stuck) {
      this.running.delete(r.id);
      // Its outcome, if the call ever returns, finds nothing to settle: a lost one is counted now.
      if (r.lost) this.noteLost(r.job, r.slot.index);
      else this.release(r.id, r.token, r.job, r.slot.index);
      this.log.warn('thread stuck in a native call: job released; the process exits when the call returns', { jobId: r.id });
    }
    // Outcomes waiting out a store outage get one more lease; then their jobs are left to run again.
    const giveUp = setTimeout(() => this.writer.abandon(), this.leaseMs);
    await this.writer.idle();
    clearTimeout(giveUp);
    this.heartbeats.stop();
    await maintenance;
    const closed = this.pool.close();
    if (stuck.length === 0) await closed;
    else closed.catch(() => {}); // resolves when the native calls return
    this.emit('stopped');
  }

  private wakeIfIdle(): void {
    if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private whenIdle(ms: number): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : null;
      this.idleWaiters.push(() => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  stats(): NodeStats {
    const now = performance.now();
    return {
      workerId: this.workerId,
      workers: this.pool.size,
      busy: this.pool.busy,
      held: this.hand.size + this.pool.queued + this.superseding.size,
      unwritten: this.writer.pending,
      draining: this.stopping,
      uptimeMs: now - this.startedAt,
      perWorker: this.pool.workerStats(now),
      counts: { ...this.counts },
    };
  }
}
