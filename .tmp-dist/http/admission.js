import { CoreboundError, ErrorCodes } from '../core/errors.js';
const WAITING = ['queued', 'scheduled', 'retrying'];
const LEFT = ['running', 'succeeded', 'dead', 'cancelled'];
const sum = (s, states) => (s ? states.reduce((n, k) => n + (s.counts[k] ?? 0), 0) : 0);
/** Retry-After bounds (seconds) and the answer when a queue is not draining at all. */
const MIN_RETRY_S = 1;
const MAX_RETRY_S = 300;
const STALLED_RETRY_S = 30;
/**
 * Admission control without counting the hot table per request: one
 * `store.stats()` snapshot on a timer, plus the jobs this process admitted
 * since that snapshot began. A queue's estimated depth is snapshot depth +
 * admitted-since; an enqueue that would take it past the queue's bound is
 * refused with a Retry-After from the queue's measured drain rate.
 *
 * Admissions are reserved before the store call and given back for
 * idempotent hits and failures, so concurrent requests cannot overshoot the
 * bound from this process. Other producers (another API process, the CLI)
 * are seen at the next snapshot; between snapshots the bound can be
 * exceeded by what they enqueue in one interval.
 *
 * Drain rate per queue: jobs that left the waiting set per second between
 * two snapshots, taken as the larger of two lower bounds: (previous depth +
 * admitted here − current depth), which misses other producers' arrivals,
 * and the growth of running+final counts, which misses pruned rows. Smoothed
 * with an EWMA (α = 0.3).
 */
export class QueueMonitor {
    store;
    clock;
    defaultMaxDepth;
    stats = new Map();
    configs = new Map();
    admitted = new Map();
    rates = new Map();
    at = 0;
    refreshing = null;
    constructor(store, clock, defaultMaxDepth) {
        this.store = store;
        this.clock = clock;
        this.defaultMaxDepth = defaultMaxDepth;
    }
    get snapshotAt() {
        return this.at;
    }
    refresh() {
        this.refreshing ??= this.doRefresh().finally(() => {
            this.refreshing = null;
        });
        return this.refreshing;
    }
    async doRefresh() {
        const taken = this.admitted;
        this.admitted = new Map();
        const now = this.clock.now();
        let stats;
        let configs;
        try {
            [stats, configs] = await Promise.all([this.store.stats(), this.store.queueConfigs()]);
        }
        catch (e) {
            // Keep counting against the old snapshot: the bound stays conservative.
            for (const [q, n] of taken)
                this.admitted.set(q, (this.admitted.get(q) ?? 0) + n);
            throw e;
        }
        const next = new Map(stats.map((s) => [s.queue, s]));
        const dt = (now - this.at) / 1000;
        if (this.at > 0 && dt > 0) {
            for (const [queue, cur] of next) {
                const prev = this.stats.get(queue);
                const viaDepth = sum(prev, WAITING) + (taken.get(queue) ?? 0) - sum(cur, WAITING);
                const viaLeft = sum(cur, LEFT) - sum(prev, LEFT);
                const sample = Math.max(0, viaDepth, viaLeft) / dt;
                const old = this.rates.get(queue);
                this.rates.set(queue, old === undefined ? sample : 0.7 * old + 0.3 * sample);
            }
        }
        this.stats = next;
        this.configs = new Map(configs.map((c) => [c.queue, c]));
        this.at = now;
    }
    config(queue) {
        return this.configs.get(queue) ?? { queue, paused: false, maxDepth: null, publicResults: false };
    }
    /** Queues whose results a CDN may cache publicly (as of the last snapshot). */
    publicQueues() {
        return new Set([...this.configs.values()].filter((c) => c.publicResults).map((c) => c.queue));
    }
    /** Records a local change (pause, resume) so the next read does not wait for the timer. */
    noteConfig(config) {
        this.configs.set(config.queue, config);
        const s = this.stats.get(config.queue);
        if (s)
            s.paused = config.paused;
    }
    maxDepth(queue) {
        return this.config(queue).maxDepth ?? this.defaultMaxDepth;
    }
    depth(queue) {
        return sum(this.stats.get(queue), WAITING) + (this.admitted.get(queue) ?? 0);
    }
    drainPerSec(queue) {
        return this.rates.get(queue) ?? 0;
    }
    /**
     * Reserves room for `wanted` jobs per queue, all or nothing; throws
     * CB_QUEUE_FULL (429) naming the first full queue. Returns a function that
     * gives back the unused part of the reservation.
     */
    reserve(wanted) {
        for (const [queue, n] of wanted) {
            const depth = this.depth(queue);
            const max = this.maxDepth(queue);
            if (depth + n > max) {
                const retryAfter = this.retryAfterSeconds(queue, depth + n - max);
                throw new CoreboundError(ErrorCodes.QUEUE_FULL, `queue "${queue}" is full: about ${depth} waiting jobs, limit ${max}; retry in ${retryAfter}s`, { queue, depth, maxDepth: max, retryAfter });
            }
        }
        for (const [queue, n] of wanted)
            this.admitted.set(queue, (this.admitted.get(queue) ?? 0) + n);
        const counter = this.admitted;
        return (unused) => {
            // After a refresh the reservation belongs to the new snapshot's count; give back only to the map it was taken from.
            if (counter !== this.admitted)
                return;
            for (const [queue, n] of unused)
                if (n > 0)
                    this.admitted.set(queue, (this.admitted.get(queue) ?? 0) - n);
        };
    }
    /** Seconds until `excess` jobs have drained at the measured rate, within [1, 300]. */
    retryAfterSeconds(queue, excess) {
        const rate = this.drainPerSec(queue);
        if (rate <= 0)
            return STALLED_RETRY_S;
        return Math.min(MAX_RETRY_S, Math.max(MIN_RETRY_S, Math.ceil(excess / rate)));
    }
    views() {
        const names = new Set([...this.stats.keys(), ...this.configs.keys()]);
        const now = this.clock.now();
        return [...names].sort().map((queue) => {
            const s = this.stats.get(queue);
            const c = this.config(queue);
            const counts = Object.fromEntries(Object.entries(s?.counts ?? {}));
            return {
                queue,
                paused: c.paused,
                depth: this.depth(queue),
                running: s?.counts.running ?? 0,
                counts,
                oldestAgeMs: s?.oldestQueuedAt != null ? Math.max(0, now - s.oldestQueuedAt) : null,
                drainPerSec: Math.round(this.drainPerSec(queue) * 1000) / 1000,
                maxDepth: this.maxDepth(queue),
                publicResults: c.publicResults,
            };
        });
    }
}
//# sourceMappingURL=admission.js.map