import type { ResourceLimits } from 'node:worker_threads';
import { ErrorCodes } from '../core/errors.js';
import type { AttemptMetrics, JobError } from '../core/job.js';
import { type Channel, type Isolation, openChannel } from './channel.js';
import type { DoneMsg, FromWorker, RunMsg, ToWorker, WorkerInit } from './protocol.js';
import { readSchedstat } from './thread-cpu.js';

/** How one run on a thread ended, before the supervisor turns it into a store call. */
export type Outcome =
  | { kind: 'ok'; json: string; metrics: AttemptMetrics }
  | { kind: 'error'; error: JobError; retryable: boolean; aborted: boolean; metrics: AttemptMetrics }
  /** The thread was terminated or died: hard timeout, heap limit, exit/uncaught error, or killed after an ignored abort. */
  | { kind: 'timeout' | 'oom' | 'crash' | 'killed'; error: JobError; metrics: AttemptMetrics };

export interface SlotJob {
  id: number;
  startedAt: number;
  /** performance.now() deadlines: hard timeout, and terminate-after-ignored-abort (Infinity when unset). */
  deadline: number;
  killAt: number;
}

export interface SlotHost {
  readonly init: WorkerInit;
  readonly bootUrl: URL;
  readonly resourceLimits: ResourceLimits;
  readonly isolation: Isolation;
  onReady(slot: Slot): void;
  onMessage(slot: Slot, m: FromWorker): void;
  onOutcome(slot: Slot, job: SlotJob, outcome: Outcome): void;
  /** The queued job became the running one (its predecessor ended); called before that one's onOutcome. */
  onStarted(slot: Slot, job: SlotJob): void;
  /** A queued job will never run on this thread (taken back on abort, or the thread died first). */
  onUnstarted(slot: Slot, id: number): void;
  onBootFailure(slot: Slot, err: Error | null): void;
  /** The thread is gone (it may have been idle); it is not free until its replacement is ready. */
  onDown(slot: Slot): void;
}

/** A job sent to a busy thread, to start when its current job ends. */
interface QueuedJob {
  id: number;
  timeoutMs: number;
  /** Its start control word: index in `ctl` and the tag the thread swaps to -tag when it starts it. */
  at: number;
  tag: number;
  /** Set when it was aborted after the thread had started it unbeknown to us: the kill grace once it is promoted. */
  abortGraceMs?: number;
}

/** Start control words per thread: more than the most jobs a thread can have queued and unread. */
const CTL_WORDS = 256;

/**
 * The tag after `seq`, wrapping within positive int32: a control word holds
 * an Int32, so tag 2^31 would read back as -2^31, never equal to the tag, and
 * a thread that had queued that many jobs would skip every one after.
 */
export function nextTag(seq: number): number {
  return seq >= 0x7fffffff ? 1 : seq + 1;
}

/**
 * One long-lived worker thread (or process), replaced whenever it dies or is
 * terminated. It runs one job at a time and may hold more, queued in the
 * thread: the first of them is taken to have started when the running one's
 * `done` arrives (the thread starts it right after sending it), so its
 * deadline and busy time count from then. Messages posted in the same turn go
 * to the thread as one (a post to a sleeping thread wakes it, which is what
 * costs).
 *
 * A queued job can be taken back without the thread's help (which a thread
 * busy in a CPU loop could not give): each has a word in a SharedArrayBuffer
 * that the thread must swap from `tag` to `-tag` to start it, and that we swap
 * to 0 to take it back (`revoke`). Exactly one side wins. Tags grow per
 * thread, so a word reused for a later job never matches an old message.
 */
export class Slot {
  private channel!: Channel;
  ready = false;
  job: SlotJob | null = null;
  /** Jobs queued in the thread behind the running one, in the order it will start them. */
  readonly next: QueuedJob[] = [];
  private outbox: ToWorker[] | null = null;
  private ctl: Int32Array | null = null;
  private seq = 0;
  /** The running job, when it came from the queue: its control word (see abort). */
  private promoted: QueuedJob | null = null;
  busyMs = 0;
  jobs = 0;
  closed = false;
  private schedstat: string | null = null;
  private cpuNs = 0;
  private killReason: 'timeout' | 'killed' | null = null;
  private killCpuMs: number | undefined;

  constructor(
    readonly index: number,
    private readonly host: SlotHost,
  ) {
    this.spawn();
  }

  private spawn(): void {
    this.ready = false;
    this.outbox = null;
    this.killReason = null;
    const { bootUrl, init, resourceLimits } = this.host;
    const sab = this.host.isolation === 'thread' ? new SharedArrayBuffer(4 * CTL_WORDS) : undefined;
    this.ctl = sab ? new Int32Array(sab) : null;
    this.seq = 0;
    const channel: Channel = openChannel(
      this.host.isolation,
      { bootUrl, init, resourceLimits, ctl: sab },
      {
        message: (m) => {
          if (this.channel === channel) this.message(m);
        },
        exit: (code, error) => this.exited(channel, code, error),
      },
    );
    this.channel = channel;
  }

  post(m: ToWorker): void {
    if (this.outbox) {
      this.outbox.push(m);
      return;
    }
    this.outbox = [m];
    queueMicrotask(this.flush);
  }

  private readonly flush = (): void => {
    const out = this.outbox;
    this.outbox = null;
    if (!out || out.length === 0) return;
    this.channel.post(out.length === 1 ? out[0] : { t: 'batch', msgs: out });
  };

  /** A message to the thread goes out at the end of this turn: more added to it costs no extra wake-up. */
  get posting(): boolean {
    return this.outbox !== null;
  }

  /** Ready, not being killed: it may be given a job (if idle) or a queued one (if it has none). */
  get accepting(): boolean {
    return this.ready && !this.killReason && !this.closed;
  }

  /** Starts the job now when the thread is idle (returns it), else queues it behind the running one (null). */
  run(msg: RunMsg, timeoutMs: number): SlotJob | null {
    if (!this.job) {
      this.post(msg);
      this.job = this.started(msg.id, timeoutMs, Number.POSITIVE_INFINITY);
      return this.job;
    }
    if (!this.ctl) throw new Error('slot: only a thread queues jobs');
    this.seq = nextTag(this.seq);
    const tag = this.seq;
    const at = tag % CTL_WORDS;
    Atomics.store(this.ctl, at, tag);
    // Set on the message (made for this call by the supervisor), not spread into a copy: one object
    // fewer per queued job.
    msg.at = at;
    msg.tag = tag;
    this.post(msg);
    this.next.push({ id: msg.id, timeoutMs, at, tag });
    return null;
  }

  /** Takes a queued job back if the thread has not started it; true when it will never run there. */
  private revoke(q: QueuedJob): boolean {
    return !!this.ctl && Atomics.compareExchange(this.ctl, q.at, q.tag, 0) === q.tag;
  }

  /**
   * Takes back the longest-waiting queued job the thread has not started, for
   * a free thread to run: its id, or null. The caller still holds its lease.
   */
  takeBack(): number | null {
    for (let i = 0; i < this.next.length; i++) {
      const q = this.next[i];
      if (this.revoke(q)) {
        this.next.splice(i, 1);
        return q.id;
      }
    }
    return null;
  }

  private started(id: number, timeoutMs: number, killGraceMs: number): SlotJob {
    const now = performance.now();
    return { id, startedAt: now, deadline: now + timeoutMs, killAt: now + killGraceMs };
  }

  /**
   * Aborts job `id`: a queued one that has not started is taken back
   * (onUnstarted, at once); a running one gets its signal aborted and is
   * terminated if still running after graceMs.
   */
  abort(id: number, graceMs: number): void {
    const job = this.job;
    if (job?.id === id) {
      const promoted = this.promoted;
      if (promoted && this.revoke(promoted)) {
        // Taken as started when its predecessor ended, but the thread had not got to it.
        this.promoted = null;
        this.job = null;
        this.startQueued();
        this.host.onUnstarted(this, id);
        return;
      }
      this.post({ t: 'abort', id });
      job.killAt = Math.min(job.killAt, performance.now() + graceMs);
      return;
    }
    if (this.takeBackJob(id)) return;
    const q = this.next.find((n) => n.id === id);
    if (!q) return;
    // The thread started it before we heard that the one ahead ended.
    this.post({ t: 'abort', id });
    q.abortGraceMs = Math.min(q.abortGraceMs ?? graceMs, graceMs);
  }

  /** Takes queued job `id` back if the thread has not started it (onUnstarted follows); false otherwise. */
  takeBackJob(id: number): boolean {
    const i = this.next.findIndex((q) => q.id === id);
    if (i < 0 || !this.revoke(this.next[i])) return false;
    this.next.splice(i, 1);
    this.host.onUnstarted(this, id);
    return true;
  }

  /** Terminates the thread; the running job ends as `reason` and a fresh thread replaces it. */
  kill(reason: 'timeout' | 'killed'): void {
    if (this.killReason) return;
    this.killReason = reason;
    // Read the thread's CPU before it disappears, so killed attempts are still costed.
    const ns = this.schedstat ? readSchedstat(this.schedstat) : null;
    this.killCpuMs = ns === null ? undefined : (ns - this.cpuNs) / 1e6;
    void this.channel.kill();
  }

  close(): Promise<void> {
    this.closed = true;
    return this.channel.kill();
  }

  private message(m: FromWorker): void {
    if (m.t === 'done') {
      this.done(m);
      return;
    }
    if (m.t === 'ready') {
      this.ready = true;
      this.schedstat = m.schedstat;
      this.cpuNs = m.cpuNs;
      this.host.onReady(this);
      return;
    }
    this.host.onMessage(this, m);
  }

  private done(m: DoneMsg): void {
    const job = this.job;
    if (!job || job.id !== m.id || this.killReason) return;
    this.finish(job);
    this.cpuNs = m.cpuNs;
    this.startQueued();
    const metrics: AttemptMetrics = { wallMs: m.wallMs, cpuMs: m.cpuMs, peakMemBytes: m.peakMemBytes };
    const outcome: Outcome = m.ok
      ? { kind: 'ok', json: m.json ?? 'null', metrics }
      : { kind: 'error', error: m.error!, retryable: !m.nonRetryable, aborted: !!m.aborted, metrics };
    this.host.onOutcome(this, job, outcome);
  }

  /**
   * The thread starts its first queued job as soon as the running one ends
   * (it may still be taken back until the thread gets to it: `promoted`).
   */
  private startQueued(): void {
    const q = this.next.shift();
    this.promoted = q ?? null;
    if (!q) return;
    this.job = this.started(q.id, q.timeoutMs, q.abortGraceMs ?? Number.POSITIVE_INFINITY);
    this.host.onStarted(this, this.job);
  }

  private finish(job: SlotJob): void {
    this.job = null;
    this.promoted = null;
    this.busyMs += performance.now() - job.startedAt;
    this.jobs++;
  }

  private exited(channel: Channel, code: number | null, error: (Error & { code?: string }) | null): void {
    if (channel !== this.channel) return;
    const wasReady = this.ready;
    this.ready = false;
    this.host.onDown(this);
    const job = this.job;
    if (job) {
      const promoted = this.promoted;
      this.finish(job);
      // A job taken as started that the thread never got to is not to blame for its death.
      if (promoted && this.ctl && Atomics.load(this.ctl, promoted.at) === promoted.tag) this.host.onUnstarted(this, job.id);
      else this.host.onOutcome(this, job, this.deathOutcome(job, code, error));
    }
    for (const q of this.next.splice(0)) this.host.onUnstarted(this, q.id);
    if (this.closed) return;
    if (!wasReady && !job && !this.killReason) {
      // Died while booting: a broken install, not a task. Retry slowly.
      this.host.onBootFailure(this, error);
      setTimeout(() => !this.closed && this.spawn(), 1000).unref();
      return;
    }
    this.spawn();
  }

  private deathOutcome(job: SlotJob, code: number | null, e: (Error & { code?: string }) | null): Outcome {
    const wallMs = performance.now() - job.startedAt;
    if (this.killReason === 'timeout') {
      const ms = Math.round(job.deadline - job.startedAt);
      return {
        kind: 'timeout',
        error: { code: ErrorCodes.TASK_TIMEOUT, message: `timed out after ${ms} ms; the worker was terminated` },
        metrics: { wallMs, cpuMs: this.killCpuMs },
      };
    }
    if (this.killReason === 'killed') {
      return {
        kind: 'killed',
        error: { code: ErrorCodes.TASK_CRASH, message: 'ignored abort; the worker was terminated' },
        metrics: { wallMs, cpuMs: this.killCpuMs },
      };
    }
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const limitMb = this.host.resourceLimits?.maxOldGenerationSizeMb;
      return {
        kind: 'oom',
        error: { code: ErrorCodes.TASK_OOM, message: `out of memory: ${e.message}` },
        metrics: { wallMs, ...(limitMb ? { peakMemBytes: limitMb * 1024 * 1024 } : {}) },
      };
    }
    const message = e
      ? `worker crashed: ${e.message}`
      : `worker exited with code ${code} during the task (process.exit?)`;
    const stack = e?.stack?.slice(0, 4000);
    return {
      kind: 'crash',
      error: { code: ErrorCodes.TASK_CRASH, message, ...(stack ? { stack } : {}) },
      metrics: { wallMs },
    };
  }
}
