import type { Leased } from './heartbeats.js';
import { NO_QUEUE, type QueuePolicy } from './pool.js';

/**
 * Most jobs held per worker, however short they are: bounds a claim and the
 * work a dead node strands. Held jobs must cover the time a refill takes
 * (Little's law: refill latency × the rate the workers finish them). On
 * PostgreSQL a settle that carries the refill claim took 25–50 ms on a
 * 2-core host it shares with the server, and two workers finish no-op jobs
 * far faster than 512 per 25 ms: with 256 per worker the hand was empty
 * whenever a claim came back (traced 2026-12-05). With 1,024 the queue
 * bench's drain went 6,759–7,193 → 8,460–8,571 jobs/s (alternating with
 * the previous commit); SQLite's no-op rate did not move.
 */
export const MAX_HELD_PER_WORKER = 1024;

/**
 * Input held per node, about (characters of stored JSON): with tiny jobs and
 * large inputs, a count bound alone would let a node hold gigabytes. Sized
 * from the largest recent input, so it binds only when inputs are large.
 */
export const MAX_HELD_INPUT_CHARS = 64 * 1024 * 1024;

/** Work queued in a busy worker beyond the job it runs: ~1 ms, so a queued job is not kept long from a free worker. */
const WORKER_QUEUE_MS = 1;
const MAX_WORKER_QUEUE = 32;
/** A running job is taken for a long one (nothing queued behind it) after 8 × the average, and at least this. */
const STUCK_MIN_MS = 20;

/**
 * Jobs a node has claimed ahead of a free worker, bounded by expected work
 * time rather than by count. A worker that finishes takes its next job from
 * here at once, without waiting for a store round trip, and the store refill
 * rides on the transaction that records the outcome.
 *
 * The bound is `lookaheadMs` of expected work per worker, from a moving
 * average of this node's recent job times: short jobs are held by the dozen,
 * jobs longer than the lookahead are never held (the node then claims only
 * for free workers, as a strict no-prefetch node does). So a job waits in
 * a hand at most about `lookaheadMs` beyond what it would have waited in the
 * queue, and work is never hidden from other nodes for long. Until the node
 * has measured a job it holds nothing.
 */
export class Hand<T extends Leased> {
  private readonly held: T[] = [];
  private avgMs = Number.POSITIVE_INFINITY;
  /** The largest recent input (characters), decaying by 1% per job, so one large input counts for a while. */
  private inputPeak = 0;
  private policy: QueuePolicy = { depth: 0, maxRunMs: 0 };

  constructor(
    readonly lookaheadMs: number,
    private readonly workers: number,
  ) {}

  /** Feeds one finished job's wall time into the moving average. */
  observe(wallMs: number): void {
    if (!(wallMs >= 0)) return;
    this.avgMs = Number.isFinite(this.avgMs) ? this.avgMs * 0.8 + wallMs * 0.2 : wallMs;
  }

  /** Feeds one claimed job's input size (characters of stored JSON) into the bound on held input. */
  observeInput(chars: number): void {
    this.inputPeak = Math.max(chars, this.inputPeak * 0.99);
  }

  /** The moving average of job wall times (Infinity until one is measured). */
  get averageMs(): number {
    return this.avgMs;
  }

  /** How many jobs the node may hold now. */
  target(): number {
    if (!(this.lookaheadMs > 0) || !Number.isFinite(this.avgMs)) return 0;
    const byTime = Math.min(MAX_HELD_PER_WORKER, Math.floor(this.lookaheadMs / Math.max(this.avgMs, 0.01))) * this.workers;
    return this.inputPeak > 0 ? Math.min(byTime, Math.floor(MAX_HELD_INPUT_CHARS / this.inputPeak)) : byTime;
  }

  /** How many more jobs may be claimed to hold. */
  room(): number {
    return Math.max(0, this.target() - this.held.length);
  }

  /**
   * How many jobs a busy worker may have queued behind its running one: none
   * unless this hand holds jobs (jobs are measured shorter than the
   * lookahead), else about WORKER_QUEUE_MS of work, at least one; and none
   * behind a job that has run eight times the average, and at least
   * STUCK_MIN_MS (likely a long one: the supervisor takes back what waits
   * behind it). The floor keeps tiny jobs from looking stuck whenever the
   * main thread is a few milliseconds late to read a `done`: taking their
   * queues back and sending them again cost a fifth of the no-op rate.
   */
  queuePolicy(): QueuePolicy {
    if (this.target() === 0) return NO_QUEUE;
    const avg = Math.max(this.avgMs, 0.001);
    const depth = Math.min(MAX_WORKER_QUEUE, Math.max(1, Math.floor(WORKER_QUEUE_MS / avg)));
    const maxRunMs = Math.max(STUCK_MIN_MS, 8 * avg);
    // Asked several times per job: the same answer is the same object, not a new one each time.
    const last = this.policy;
    if (last.depth === depth && last.maxRunMs === maxRunMs) return last;
    this.policy = { depth, maxRunMs };
    return this.policy;
  }

  /** Under half full: a refill should not wait for the next batched write. */
  low(pending = 0): boolean {
    return (this.held.length + pending) * 2 < this.target();
  }

  get size(): number {
    return this.held.length;
  }

  hold(item: T): void {
    this.held.push(item);
  }

  /** Holds a job again that was taken but never started, to be the next one taken. */
  putBack(item: T): void {
    this.held.unshift(item);
  }

  /** The oldest held job (claims are FIFO, so holding keeps the order). */
  take(): T | undefined {
    return this.held.shift();
  }

  find(id: number): T | undefined {
    return this.held.find((h) => h.id === id);
  }

  remove(item: T): boolean {
    const i = this.held.indexOf(item);
    if (i < 0) return false;
    this.held.splice(i, 1);
    return true;
  }

  /** Everything held, removed: for release on drain. */
  takeAll(): T[] {
    return this.held.splice(0);
  }

  values(): IterableIterator<T> {
    return this.held.values();
  }
}
