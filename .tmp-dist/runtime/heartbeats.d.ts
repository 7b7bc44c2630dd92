import type { TaskLogger } from '../core/task.js';
import type { Lease, Store } from '../store/store.js';
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
 * to `onLost`, which aborts the job locally.
 */
export declare class Heartbeats {
    private readonly store;
    private readonly leaseMs;
    private readonly running;
    private readonly find;
    private readonly onLost;
    private readonly logger;
    private timer;
    private inFlight;
    constructor(store: Store, leaseMs: number, running: () => Iterable<Leased>, find: (id: number) => Leased | undefined, onLost: (l: Leased) => void, logger: TaskLogger);
    start(everyMs?: number): void;
    stop(): void;
    beat(): Promise<void>;
}
