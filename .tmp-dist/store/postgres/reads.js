import { JobStates } from '../../core/job.js';
import { emptyCounts, rowToAttempt, rowToFinishedAttempt, rowToJob } from '../rows.js';
import { STATS_COUNT_CAP } from '../store.js';
import { queueConfigs } from './admin.js';
/** Readers: no locks, one statement each (stats: three). */
export async function get(ctx, id) {
    const [row] = await ctx.db.query(ctx.sql.jobById, [id]);
    return row ? rowToJob(row) : null;
}
export async function attempts(ctx, id) {
    return (await ctx.db.query(ctx.sql.attempts, [id])).map(rowToAttempt);
}
export async function list(ctx, f) {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 1000);
    const rows = await ctx.db.query(ctx.sql.list, [
        f.state ?? null,
        f.queue ?? null,
        f.task ?? null,
        f.cursor ?? null,
        limit + 1,
    ]);
    const jobs = rows.slice(0, limit).map(rowToJob);
    return { jobs, nextCursor: rows.length > limit ? jobs[jobs.length - 1].id : null };
}
export async function getResult(ctx, sha256) {
    const [r] = await ctx.db.query(ctx.sql.result, [sha256]);
    if (!r)
        return null;
    return {
        sha256: r.sha256,
        bytes: r.bytes,
        contentType: r.content_type,
        size: Number(r.size),
        createdAt: Number(r.created_at),
    };
}
export async function resultQueues(ctx, sha256) {
    return (await ctx.db.query(ctx.sql.resultQueues, [sha256])).map((r) => r.queue);
}
/** Bounded: each (queue, state) count stops at STATS_COUNT_CAP. Meant for a snapshot on a timer. */
export async function stats(ctx) {
    const byQueue = new Map();
    const entry = (queue) => {
        let s = byQueue.get(queue);
        if (!s) {
            s = { queue, paused: false, counts: emptyCounts(), oldestQueuedAt: null };
            byQueue.set(queue, s);
        }
        return s;
    };
    const [counts, oldest, configs] = await Promise.all([
        ctx.db.query(ctx.sql.countsCapped, [STATS_COUNT_CAP, JobStates]),
        ctx.db.query(ctx.sql.oldestQueued, []),
        queueConfigs(ctx),
    ]);
    for (const r of counts)
        entry(r.queue).counts[r.state] = Number(r.n);
    for (const r of oldest)
        entry(r.queue).oldestQueuedAt = Number(r.t);
    for (const q of configs)
        entry(q.queue).paused = q.paused;
    return [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}
export async function finishedAttempts(ctx, opts) {
    const rows = await ctx.db.query(ctx.sql.finishedAttempts, [opts.since, opts.task ?? null, opts.limit ?? 100_000]);
    return rows.map(rowToFinishedAttempt);
}
//# sourceMappingURL=reads.js.map