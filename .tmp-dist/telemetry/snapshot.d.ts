import { type Clock } from '../core/clock.js';
import { QueueMonitor } from '../http/admission.js';
import type { Store } from '../store/store.js';
/**
 * The stats snapshot every reader shares. It is the HTTP API's
 * QueueMonitor (src/http/admission.ts): one `store.stats()` on a timer,
 * plus drain rates from successive snapshots. /v1/queues, admission
 * control, the queue gauges of /metrics, /v1/stats and `explain` all read
 * it, so no page view or scrape counts the jobs table.
 *
 * A process without the API (a worker-only node with --metrics-port) starts
 * its own with `startQueueSnapshot`.
 */
export { QueueMonitor };
/** Past this many, counts are shown as "100k+": exact big numbers are noise on a dashboard. */
export declare const COUNT_BOUND = 100000;
/** "1,234" below the bound, "100k+" at or past it. */
export declare function boundedCount(n: number, bound?: number): string;
export interface QueueSnapshot {
    monitor: QueueMonitor;
    stop(): void;
}
/** A snapshot refreshed every `intervalMs` (default 2 s) for processes that have no API server. */
export declare function startQueueSnapshot(store: Store, opts?: {
    clock?: Clock;
    intervalMs?: number;
    maxQueueDepth?: number;
    onError?: (e: Error) => void;
}): Promise<QueueSnapshot>;
