import type { Job } from '../core/job.js';
import type { TaskLogger } from '../core/task.js';
import type { ClaimRequest, Store } from '../store/store.js';
import type { ClaimRider } from './results.js';

/** What the claim loop asks of its node. */
export interface ClaimHost {
  /** A worker has room for a job that the hand cannot give, or the hand is running low. */
  needsWork(): boolean;
  /** The claim to make now, or null when none should be made (nothing free, draining). */
  request(): ClaimRequest | null;
  /** Outcomes wait to be written: a claim due now rides on their write instead. */
  outcomesQueued(): boolean;
  expediteOutcomes(): void;
  /** Hands the claimed jobs to the node; true when one could not be placed (a thread is still free). */
  place(jobs: Job[]): boolean;
  stopping(): boolean;
}

/**
 * When a node claims: at most one claim in flight, made on its own only when
 * no outcome write can carry it (the rider), coalesced to one per event-loop
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
  private claiming: Promise<void> | null = null;
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

  /** needsWork, and the queue may have some. */
  wantsWork(): boolean {
    return !this.dry && this.host.needsWork();
  }

  /** A claim is out (on its own or riding on an outcome write). */
  get inFlight(): boolean {
    return this.claiming !== null;
  }

  /** Resolves when the claim in flight (if any) has been placed. */
  async settled(): Promise<void> {
    await this.claiming;
  }

  private readonly tick = (): void => {
    this.kickScheduled = false;
    // With work in hand the refill rides on the next outcome write; claim on our own only when it is needed.
    if (!this.wantsWork()) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    // Outcomes are waiting: write them now and let the claim ride in the same transaction.
    if (this.host.outcomesQueued()) {
      this.host.expediteOutcomes();
      return;
    }
    const req = this.host.request();
    if (!req) return;
    this.claiming = this.claim(req).finally(() => this.finished());
  };

  private finished(): void {
    this.claiming = null;
    if (this.again) {
      this.again = false;
      this.kick();
    }
  }

  /**
   * The claim that rides along with the result writer's transaction: the
   * workers its outcomes freed are refilled in the same commit. It counts as
   * the claim in flight, so the two paths never claim for the same worker.
   */
  readonly rider: ClaimRider = (() => {
    let settleClaim: ((jobs: Job[] | null) => void) | null = null;
    return {
      take: () => {
        if (this.claiming) return null;
        const req = this.host.request();
        if (!req) return null;
        const wakes = this.wakes;
        this.claiming = new Promise<void>((resolve) => {
          settleClaim = (jobs) => {
            settleClaim = null;
            if (jobs) this.claimed(jobs, req.limit, wakes);
            else this.again = true; // the write failed: claim on our own
            resolve();
            this.finished();
          };
        });
        return req;
      },
      claimed: (jobs) => settleClaim?.(jobs),
    };
  })();

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
