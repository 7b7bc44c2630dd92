import { systemClock } from '../core/clock.js';
import { Defaults } from '../core/limits.js';
import { QueueMonitor } from '../http/admission.js';
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
export const COUNT_BOUND = 100_000;
function short(n) {
    if (n >= 1e9 && n % 1e9 === 0)
        return `${n / 1e9}G`;
    if (n >= 1e6 && n % 1e6 === 0)
        return `${n / 1e6}M`;
    if (n >= 1e3 && n % 1e3 === 0)
        return `${n / 1e3}k`;
    return n.toLocaleString('en-US');
}
/** "1,234" below the bound, "100k+" at or past it. */
export function boundedCount(n, bound = COUNT_BOUND) {
    if (!Number.isFinite(n) || n < 0)
        return '0';
    return n >= bound ? `${short(bound)}+` : Math.round(n).toLocaleString('en-US');
}
/** A snapshot refreshed every `intervalMs` (default 2 s) for processes that have no API server. */
export async function startQueueSnapshot(store, opts = {}) {
    const monitor = new QueueMonitor(store, opts.clock ?? systemClock, opts.maxQueueDepth ?? Defaults.maxQueueDepth);
    await monitor.refresh().catch((e) => opts.onError?.(e));
    let failing = false;
    const timer = setInterval(() => {
        monitor.refresh().then(() => {
            failing = false;
        }, (e) => {
            // Report the first failure of a run, not one per tick.
            if (!failing)
                opts.onError?.(e);
            failing = true;
        });
    }, opts.intervalMs ?? 2000);
    timer.unref();
    return { monitor, stop: () => clearInterval(timer) };
}
//# sourceMappingURL=snapshot.js.map