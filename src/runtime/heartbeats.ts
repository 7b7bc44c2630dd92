import type { TaskLogger } from '../core/task.js';
import type { HeartbeatItem, Lease, Store } from '../store/store.js';

export interface Leased extends Lease {
  progress?: number;
  progressMessage?: string;
  /** Progress changed since the last heartbeat. */
  progressDirty: boolean;
  lost: boolean;
}

/**
 * Renews every running job's lease in ONE store call, from the main thread
 * and never from a worker, so a task that blocks its thread for minutes keeps
 * its lease. A lease the store reports as lost (rescued, cancelled) is handed
 * to `onLost`, which aborts the job locally. The leases of finished jobs
 * whose outcomes are not written yet (`unwritten`) are renewed too, so an
 * outcome that waits out a store outage still lands.
 */
export class Heartbeats {
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private inFlight = false;

  constructor(
    private readonly store: Store,
    private readonly leaseMs: number,
    /** How often leases are renewed; after a failed beat the next comes within a second. */
    readonly everyMs: number,
    private readonly running: () => Iterable<Leased>,
    private readonly find: (id: number) => Leased | undefined,
    private readonly onLost: (l: Leased) => void,
    private readonly logger: TaskLogger,
    private readonly unwritten: () => Iterable<Lease> = () => [],
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.beat(), this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = null;
  }

  async beat(): Promise<void> {
    if (this.inFlight) return;
    const items: HeartbeatItem[] = [];
    const sent: Leased[] = [];
    for (const r of this.running()) {
      if (r.lost) continue;
      const item: HeartbeatItem = { id: r.id, token: r.token };
      if (r.progressDirty && r.progress !== undefined) {
        item.progress = r.progress;
        if (r.progressMessage !== undefined) item.progressMessage = r.progressMessage;
        r.progressDirty = false;
        sent.push(r);
      }
      items.push(item);
    }
    for (const l of this.unwritten()) items.push({ id: l.id, token: l.token });
    if (items.length === 0) return;
    this.inFlight = true;
    try {
      const res = await this.store.heartbeat(items, this.leaseMs);
      for (const l of res.lost) {
        const r = this.find(l.id);
        if (r && r.token === l.token && !r.lost) this.onLost(r);
      }
    } catch (e) {
      for (const r of sent) r.progressDirty = true;
      this.logger.warn('heartbeat failed; leases run until they expire', { error: (e as Error).message });
      // Once the store is back every lease wants renewing at once, not at the next interval.
      if (this.timer && !this.retryTimer && this.everyMs > 1_000) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.beat();
        }, 1_000);
        this.retryTimer.unref();
      }
    } finally {
      this.inFlight = false;
    }
  }
}
