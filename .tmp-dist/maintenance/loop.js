import { systemClock } from '../core/clock.js';
import { Defaults } from '../core/limits.js';
import { alwaysLeader } from './leader.js';
/**
 * In-process maintenance: rescue expired leases, promote due scheduled and
 * retrying jobs, prune finished jobs past retention. Each job runs on its own
 * timer, never overlapping itself, and only while `leader.isLeader()`.
 */
export function startMaintenance(opts) {
    const { store } = opts;
    const clock = opts.clock ?? systemClock;
    const leader = opts.leader ?? alwaysLeader;
    const log = opts.logger;
    const every = {
        rescue: opts.rescueEveryMs ?? 1000,
        promote: opts.promoteEveryMs ?? 1000,
        prune: opts.pruneEveryMs ?? 10 * 60_000,
    };
    const retentionMs = opts.retentionMs ?? Defaults.retentionMs;
    const busy = new Set();
    const timers = new Set();
    const running = new Set();
    let dueTimer = null;
    let stopped = false;
    const work = {
        rescue: async () => {
            const rescued = await store.rescueExpired();
            if (rescued.length) {
                log?.warn('rescued jobs with expired leases', { count: rescued.length });
                if (rescued.some((r) => r.state === 'queued'))
                    opts.onWork?.();
            }
        },
        promote: async () => {
            if ((await store.promoteDue()) > 0)
                opts.onWork?.();
            await armDue();
        },
        prune: async () => {
            const n = await store.prune({ olderThanMs: retentionMs });
            if (n)
                log?.info('pruned finished jobs', { count: n });
        },
    };
    function run(job) {
        if (stopped || busy.has(job) || !leader.isLeader())
            return Promise.resolve();
        busy.add(job);
        const p = work[job]()
            .catch((e) => log?.warn(`maintenance ${job} failed`, { error: e.message }))
            .finally(() => {
            busy.delete(job);
            running.delete(p);
        });
        running.add(p);
        return p;
    }
    // Promotion at the exact due time, so a 200 ms delay is not rounded up to the fallback interval.
    async function armDue() {
        const due = await store.nextDueAt();
        if (dueTimer)
            clearTimeout(dueTimer);
        dueTimer = null;
        if (due === null || stopped)
            return;
        const delay = due - clock.now();
        if (delay >= every.promote)
            return;
        dueTimer = setTimeout(() => void run('promote'), Math.max(0, delay) + 1);
        dueTimer.unref();
    }
    // A wake-up may mean a new scheduled job due sooner than the armed timer (cross-process
    // enqueues always wake; see the store's onWake). Re-arming is one indexed MIN query, throttled.
    let armPending = false;
    const unsubscribe = store.onWake(() => {
        if (armPending || stopped || !leader.isLeader())
            return;
        armPending = true;
        setTimeout(() => {
            armPending = false;
            if (!stopped)
                armDue().catch((e) => log?.warn('maintenance nextDueAt failed', { error: e.message }));
        }, 50).unref();
    });
    for (const job of ['rescue', 'promote', 'prune']) {
        const t = setInterval(() => void run(job), every[job]);
        t.unref();
        timers.add(t);
    }
    void run('rescue');
    void run('promote');
    return {
        async runOnce() {
            await Promise.all([...running]);
            await Promise.all([run('rescue'), run('promote'), run('prune')]);
        },
        async stop() {
            stopped = true;
            unsubscribe();
            for (const t of timers)
                clearInterval(t);
            if (dueTimer)
                clearTimeout(dueTimer);
            await Promise.all([...running]);
        },
    };
}
//# sourceMappingURL=loop.js.map