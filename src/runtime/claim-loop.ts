import type { Job } from '../core/job.js';
import type { TaskLogger } from '../core/task.js';
import type { ClaimRequest, Store } from '../store/store.js';
import type { ClaimRider } from './results.js';

/** What the claim loop asks of its node. */
export interface ClaimHost {
  /**
   * A worker has room for a job that the hand cannot give, or the hand is
   * running low, counting `pending` jobs (asked for by claims in flight) as
   * already in hand.
   */
  needsWork(pending: number): boolean;
  /** The claim to make now beyond `pending`, or null when none should be made (nothing free, draining). */
  request(pending: number): ClaimRequest | null;
  /** Outcomes wait to be written: a claim due now rides on their write instead. */
  outcomesQueued(): boolean;
  expediteOutcomes(): void;
  /** Hands the claimed jobs to the node; true when one could not be placed (a thread is still free). */
  place(jobs: Job[]): boolean;
  stopping(): boolean;
}

/**
 * Claims a node may have in flight at once. On PostgreSQL a claim rides on a
 * settle that also writes ~200 outcomes and takes 50–150 ms with a full hand
 * (hand.ts): with one at a time, the workers ran the jobs it brought and
 * then sat idle while the next was on its way. A second, on another
 * connection, overlaps it (SKIP LOCKED keeps the two disjoint); both ask
 * only for work beyond what the other will bring, so the hand's bound
 * holds. Queue bench drain, alternating with one: 9,854–10,775 against
 * 8,716–9,637 jobs/s; with the old 256-per-worker hand it bought nothing.
 * Claims may then arrive out of order, so two held jobs can swap places.
 */
export const MAX_CLAIMS_IN_FLIGHT = 2;

/**
 * When a node claims: at most MAX_CLAIMS_IN_FLIGHT claims in flight, each
 * for work beyond what the others asked for, made on its own only when no
 * outcome write can carry it (the rider), coalesced to one per event-loop
 * turn however often it is kicked, and not at all while the queue is known
 * to be dry.
 */
export class ClaimLoop {
  /**
   * The last claim came back short: the queue had nothing more for this node.
   * Until something signals new work (wake), outcomes are not rushed out for
   * a refill and no claim is made on the node's own account: otherwise, as the
   * queue runs dry, every outcome paid a transaction of its own.
   */
  private dry = false;
  /** Counts wakes, so a claim that was in flight during one does not mark the queue dry. */
  private wakes = 0;
  private kickScheduled = false;
  /** Claims in flight, and the jobs they asked for in all. */
  private readonly claiming = new Set<Promise<void>>();
  private pending = 0;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly log: TaskLogger,
    private readonly host: ClaimHost,
  ) {}

  /** New work may exist (store signal, poll, promotion): claim again even if the last claim came back short. */
  readonly wake = (): void => {
    this.wakes++;
    this.dry = false;
    this.kick();
  };

  /** Wakes the claim loop; cheap to call often (coalesced to one claim per turn). */
  readonly kick = (): void => {
    if (this.kickScheduled || this.host.stopping()) return;
    this.kickScheduled = true;
    setImmediate(this.tick);
  };

  /** The node needs work beyond what the claims in flight will bring, the queue may have some, and a claim may start. */
  wantsWork(): boolean {
    return !this.dry && this.claiming.size < MAX_CLAIMS_IN_FLIGHT && this.host.needsWork(this.pending);
  }

  /** A claim is out (on its own or riding on an outcome write). */
  get inFlight(): boolean {
    return this.claiming.size > 0;
  }

  /** Resolves when the claims in flight (if any) have been placed. */
  async settled(): Promise<void> {
    await Promise.all([...this.claiming]);
  }

  private readonly tick = (): void => {
    this.kickScheduled = false;
    // With work in hand the refill rides on the next outcome write; claim on our own only when it is needed.
    if (this.claiming.size >= MAX_CLAIMS_IN_FLIGHT) {
      this.again = true;
      return;
    }
    if (!this.wantsWork()) return;
    // Outcomes are waiting: write them now and let the claim ride in the same transaction.
    if (this.host.outcomesQueued()) {
      this.host.expediteOutcomes();
      return;
    }
    const req = this.host.request(this.pending);
    if (!req) return;
    void this.claim(req).finally(this.track(req));
  };

  /** Counts `req` as in flight; the returned function ends it (once). */
  private track(req: ClaimRequest): () => void {
    this.pending += req.limit;
    let end!: () => void;
    const p = new Promise<void>((resolve) => {
      end = resolve;
    });
    this.claiming.add(p);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending -= req.limit;
      this.claiming.delete(p);
      end();
      this.finished();
    };
  }

  private finished(): void {
    if (this.again) {
      this.again = false;
      this.kick();
    }
  }

  /**
   * The claim that rides along with the result writer's transaction: the
   * workers its outcomes freed are refilled in the same commit. It counts as
   * a claim in flight, so the two paths never claim for the same worker.
   */
  readonly rider: ClaimRider = {
    take: () => {
      if (this.claiming.size >= MAX_CLAIMS_IN_FLIGHT) return null;
      const req = this.host.request(this.pending);
      if (!req) return null;
      const wakes = this.wakes;
      const end = this.track(req);
      return {
        req,
        claimed: (jobs) => {
          if (jobs) this.claimed(jobs, req.limit, wakes);
          else this.again = true; // the write failed: claim on our own
          end();
        },
      };
    },
  };

  private async claim(req: ClaimRequest): Promise<void> {
    const wakes = this.wakes;
    let jobs: Job[];
    try {
      jobs = await this.store.claim(req);
    } catch (e) {
      this.log.warn('claim failed', { error: (e as Error).message });
      return;
    }
    this.claimed(jobs, req.limit, wakes);
  }

  /** `wakes`: the wake count when the claim began. */
  private claimed(jobs: Job[], limit: number, wakes: number): void {
    this.dry = jobs.length < limit && this.wakes === wakes;
    if (jobs.length === 0) return;
    const unplaced = this.host.place(jobs);
    // A full claim may have left more work; an unplaced job left a thread free.
    if (jobs.length === limit || unplaced) this.again = true;
  }
}
