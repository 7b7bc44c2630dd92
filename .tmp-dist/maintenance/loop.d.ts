import { type Clock } from '../core/clock.js';
import type { TaskLogger } from '../core/task.js';
import type { Store } from '../store/store.js';
import { type Leader } from './leader.js';
export interface MaintenanceOptions {
    store: Store;
    clock?: Clock;
    leader?: Leader;
    logger?: TaskLogger;
    /** Expired-lease rescue interval; crash recovery takes at most lease + this. */
    rescueEveryMs?: number;
    /** Fallback promotion interval; promotion also runs exactly at the next due time. */
    promoteEveryMs?: number;
    pruneEveryMs?: number;
    retentionMs?: number;
    /** Called when rescue or promotion made jobs runnable. */
    onWork?: () => void;
}
export interface Maintenance {
    /** Runs rescue, promotion and pruning now (each unless already running). */
    runOnce(): Promise<void>;
    stop(): Promise<void>;
}
/**
 * In-process maintenance: rescue expired leases, promote due scheduled and
 * retrying jobs, prune finished jobs past retention. Each job runs on its own
 * timer, never overlapping itself, and only while `leader.isLeader()`.
 */
export declare function startMaintenance(opts: MaintenanceOptions): Maintenance;
