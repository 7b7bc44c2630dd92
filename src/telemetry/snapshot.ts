import { type Clock, systemClock } from '../core/clock.js';
import { Defaults } from '../core/limits.js';
import { startRefreshLoop } from '../core/refresh-loop.js';
import { QueueMonitor } from '../http/admission.js';
import { COUNT_BOUND, type Store } from '../store/store.js';

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
export { COUNT_BOUND, QueueMonitor };

function short(n: number): string {
  if (n >= 1e9 && n % 1e9 === 0) return `${n / 1e9}G`;
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return n.toLocaleString('en-US');
}

/** "1,234" below the bound, "100k+" at or past it. */
export function boundedCount(n: number, bound = COUNT_BOUND): string {
  if (!Number.isFinite(n) || n < 0) return '0';
  return n >= bound ? `${short(bound)}+` : Math.round(n).toLocaleString('en-US');
}

export interface QueueSnapshot {
  monitor: QueueMonitor;
  stop(): void;
}

/** A snapshot refreshed every `intervalMs` (default 2 s; longer when slow) for processes that have no API server. */
export async function startQueueSnapshot(
  store: Store,
  opts: { clock?: Clock; intervalMs?: number; maxQueueDepth?: number; onError?: (e: Error) => void } = {},
): Promise<QueueSnapshot> {
  const monitor = new QueueMonitor(store, opts.clock ?? systemClock, opts.maxQueueDepth ?? Defaults.maxQueueDepth);
  await monitor.refresh().catch((e) => opts.onError?.(e));
  const loop = startRefreshLoop(() => monitor.refresh(), { intervalMs: opts.intervalMs ?? 2000, onError: opts.onError });
  return { monitor, stop: () => loop.stop() };
}
