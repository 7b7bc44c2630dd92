import { availableParallelism } from 'node:os';
import { systemClock } from '../core/clock.js';
import { ZERO_COST, addCost, attemptCost } from '../cost/attempt-cost.js';
/** Read at most this many new attempts per tick; the rest are read on the next ticks. */
const PAGE = 10_000;
/** Re-read this far back each tick: attempts from other nodes may land slightly out of end-time order. */
const OVERLAP_MS = 2_000;
const CRASHED = new Set(['crash', 'oom', 'lease_expired']);
const FAILED = new Set(['error', 'timeout']);
export class StatsHistory {
    opts;
    intervalMs;
    windowMs;
    bucketMs;
    startedAt;
    clock;
    buckets = new Map();
    depth = [];
    util = [];
    seen = new Map();
    since;
    spent = { ...ZERO_COST };
    byTask = new Map();
    lastNode = null;
    timer = null;
    ticking = null;
    failures = 0;
    behind = false;
    constructor(opts) {
        this.opts = opts;
        this.clock = opts.clock ?? systemClock;
        this.intervalMs = opts.intervalMs ?? 2000;
        this.windowMs = opts.windowMs ?? 15 * 60_000;
        this.bucketMs = opts.bucketMs ?? 5000;
        this.startedAt = this.clock.now();
        this.since = this.startedAt;
    }
    start() {
        if (!this.timer) {
            void this.tick();
            this.timer = setInterval(() => void this.tick(), this.intervalMs);
            this.timer.unref();
        }
        return this;
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
    }
    /** Takes one sample now; concurrent calls share it. */
    tick() {
        this.ticking ??= this.sample().finally(() => {
            this.ticking = null;
        });
        return this.ticking;
    }
    /** How many tick failures in a row (store unreachable); the view still serves the last data. */
    get failing() {
        return this.failures;
    }
    async sample() {
        const now = this.clock.now();
        let waiting = 0;
        let running = 0;
        for (const v of this.opts.monitor.views()) {
            waiting += v.depth;
            running += v.running;
        }
        this.depth.push({ t: now, waiting, running });
        this.sampleNode(now);
        try {
            if (this.opts.store)
                await this.readAttempts();
            this.failures = 0;
        }
        catch {
            this.failures++;
        }
        this.trim(now);
    }
    sampleNode(now) {
        const stats = this.opts.node?.stats();
        if (!stats)
            return;
        const at = performance.now();
        const busy = new Map(stats.perWorker.map((w) => [w.index, w.busyMs]));
        const cpu = process.cpuUsage();
        const last = this.lastNode;
        this.lastNode = { at, busy, cpu };
        if (!last || at - last.at < 100)
            return;
        const dt = at - last.at;
        const workers = stats.perWorker.map((w) => clamp01((w.busyMs - (last.busy.get(w.index) ?? w.busyMs)) / dt));
        const used = (cpu.user - last.cpu.user + cpu.system - last.cpu.system) / 1000;
        this.util.push({ t: now, workers, cpu: clamp01(used / (dt * availableParallelism())) });
    }
    async readAttempts() {
        // After a full page, continue exactly where it ended, or a busy window could be re-read forever.
        const from = this.behind ? this.since : Math.max(this.startedAt, this.since - OVERLAP_MS);
        const page = await this.opts.store.finishedAttempts({ since: from, limit: PAGE });
        this.behind = page.length === PAGE;
        for (const a of page) {
            const key = `${a.jobId}:${a.attempt}`;
            if (this.seen.has(key))
                continue;
            this.seen.set(key, a.endedAt);
            this.count(a);
        }
        if (page.length > 0)
            this.since = Math.max(this.since, page[page.length - 1].endedAt);
        // Forget keys that can no longer be re-read.
        const horizon = this.since - OVERLAP_MS;
        for (const [k, t] of this.seen)
            if (t < horizon)
                this.seen.delete(k);
    }
    count(a) {
        const t = Math.floor(a.endedAt / this.bucketMs) * this.bucketMs;
        let b = this.buckets.get(t);
        if (!b) {
            b = { t, succeeded: 0, failed: 0, crashed: 0 };
            this.buckets.set(t, b);
        }
        if (a.outcome === 'succeeded')
            b.succeeded++;
        else if (FAILED.has(a.outcome))
            b.failed++;
        else if (CRASHED.has(a.outcome))
            b.crashed++;
        if (this.opts.cost) {
            const c = attemptCost(a, this.opts.cost);
            this.spent = addCost(this.spent, c);
            const s = this.byTask.get(a.task) ?? { usd: 0, attempts: 0, cpuSeconds: 0 };
            s.usd += c.usd;
            s.attempts++;
            s.cpuSeconds += c.cpuSeconds;
            this.byTask.set(a.task, s);
        }
    }
    trim(now) {
        const cut = now - this.windowMs;
        for (const t of this.buckets.keys())
            if (t < cut - this.bucketMs)
                this.buckets.delete(t);
        while (this.depth.length > 0 && this.depth[0].t < cut)
            this.depth.shift();
        while (this.util.length > 0 && this.util[0].t < cut)
            this.util.shift();
    }
    /** Throughput per second in each bucket of the window, oldest first, gaps filled with zeros; the current (partial) bucket is left out. */
    throughput() {
        const now = this.clock.now();
        const last = Math.floor(now / this.bucketMs) * this.bucketMs - this.bucketMs;
        const first = Math.max(Math.floor((now - this.windowMs) / this.bucketMs) * this.bucketMs, Math.floor(this.startedAt / this.bucketMs) * this.bucketMs);
        const per = 1000 / this.bucketMs;
        const out = [];
        for (let t = first; t <= last; t += this.bucketMs) {
            const b = this.buckets.get(t);
            out.push({ t, succeeded: (b?.succeeded ?? 0) * per, failed: (b?.failed ?? 0) * per, crashed: (b?.crashed ?? 0) * per });
        }
        return out;
    }
    depthSeries() {
        return [...this.depth];
    }
    utilization() {
        return [...this.util];
    }
    costSoFar() {
        if (!this.opts.cost)
            return null;
        return {
            since: this.startedAt,
            rate: this.opts.cost.rate.name,
            usd: this.spent.usd,
            coreSeconds: this.spent.coreSeconds,
            cpuSeconds: this.spent.cpuSeconds,
            byTask: [...this.byTask.entries()]
                .map(([task, s]) => ({ task, ...s }))
                .sort((a, b) => b.usd - a.usd)
                .slice(0, 20),
        };
    }
}
const clamp01 = (x) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
//# sourceMappingURL=history.js.map