import { createHash } from 'node:crypto';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { afterFailure } from '../../core/transitions.js';
import { rowToJob } from '../rows.js';
import { clean } from './context.js';
/** Worker-side operations: claim and everything that needs a lease. */
export async function claim(ctx, req) {
    if (req.limit <= 0)
        return [];
    if (req.queues && req.queues.length === 0)
        return [];
    const base = [ctx.now(), Math.floor(req.limit), req.workerId, Math.max(1, Math.round(req.leaseMs))];
    const rows = req.queues
        ? await ctx.db.query(ctx.sql.claimQueues, [...base, req.queues])
        : await ctx.db.query(ctx.sql.claimAll, base);
    return rows.map(rowToJob);
}
export async function heartbeat(ctx, items, leaseMs) {
    if (items.length === 0)
        return { ok: [], lost: [] };
    const rows = await ctx.db.query(ctx.sql.heartbeat, [
        ctx.now(),
        Math.max(1, Math.round(leaseMs)),
        items.map((i) => i.id),
        items.map((i) => i.token),
        items.map((i) => i.progress === undefined || !Number.isFinite(i.progress) ? null : Math.min(1, Math.max(0, i.progress))),
        items.map((i) => clean(i.progressMessage, 500)),
    ]);
    const alive = new Set(rows.map((r) => `${r.id}:${r.lease_token}`));
    const ok = [];
    const lost = [];
    for (const i of items)
        (alive.has(`${i.id}:${i.token}`) ? ok : lost).push({ id: i.id, token: i.token });
    return { ok, lost };
}
export async function saveCheckpoint(ctx, lease, state) {
    const checkpoint = JSON.stringify(state ?? null);
    if (Buffer.byteLength(checkpoint) > ctx.maxPayloadBytes) {
        throw new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, `checkpoint over ${ctx.maxPayloadBytes} bytes`);
    }
    const rows = await ctx.db.query(ctx.sql.saveCheckpoint, [ctx.now(), lease.id, lease.token, checkpoint]);
    return rows.length === 1;
}
const metricCols = (items) => [
    items.map((i) => i.metrics?.wallMs ?? null),
    items.map((i) => i.metrics?.cpuMs ?? null),
    items.map((i) => (i.metrics?.peakMemBytes === undefined ? null : Math.round(i.metrics.peakMemBytes))),
    items.map((i) => i.metrics?.waitMs ?? null),
];
export async function complete(ctx, items) {
    if (items.length === 0)
        return [];
    const shas = items.map((c) => {
        if (c.result && c.result.length > ctx.maxResultBytes) {
            throw new CoreboundError(ErrorCodes.RESULT_TOO_LARGE, `result of job ${c.id} is ${c.result.length} bytes; the limit is ${ctx.maxResultBytes}`);
        }
        return c.result ? createHash('sha256').update(c.result).digest('hex') : null;
    });
    const results = new Map();
    items.forEach((c, i) => {
        const sha = shas[i];
        if (c.result && sha && !results.has(sha)) {
            results.set(sha, { bytes: c.result, ct: c.contentType ?? 'application/json' });
        }
    });
    const rs = [...results.entries()];
    const rows = await ctx.db.query(ctx.sql.complete, [
        ctx.now(),
        items.map((c) => c.id),
        items.map((c) => c.token),
        shas,
        ...metricCols(items),
        rs.map(([sha]) => sha),
        rs.map(([, r]) => r.bytes),
        rs.map(([, r]) => r.ct),
        rs.map(([, r]) => r.bytes.length),
    ]);
    const done = new Map(rows.map((r) => [Number(r.id), r.result_sha]));
    return items.map((c) => {
        if (!done.has(c.id))
            return { id: c.id, ok: false };
        const sha = done.get(c.id);
        done.delete(c.id); // a duplicate item in the batch is stale, as in one-by-one processing
        return { id: c.id, ok: true, state: 'succeeded', ...(sha ? { resultSha: sha } : {}) };
    });
}
export async function fail(ctx, items) {
    if (items.length === 0)
        return [];
    const outcomes = await ctx.db.tx(async (c) => {
        const current = await ctx.db.query(ctx.sql.leasedForUpdate, [items.map((f) => f.id), items.map((f) => f.token)], c);
        const byLease = new Map(current.map((r) => [`${r.id}:${r.lease_token}`, r]));
        const decided = [];
        const out = items.map((f) => {
            const row = byLease.get(`${f.id}:${f.token}`);
            if (!row)
                return { id: f.id, ok: false };
            byLease.delete(`${f.id}:${f.token}`);
            const next = afterFailure({
                errors: Number(row.errors),
                crashes: Number(row.crashes),
                maxAttempts: Number(row.max_attempts),
                maxCrashes: Number(row.max_crashes),
            }, f);
            decided.push({ f, next });
            return { id: f.id, ok: true, state: next.state };
        });
        if (decided.length === 0)
            return out;
        const fs = decided.map((d) => d.f);
        await ctx.db.query(ctx.sql.failTo, [
            ctx.now(),
            fs.map((f) => f.id),
            fs.map((f) => f.token),
            decided.map((d) => d.next.state),
            decided.map((d) => d.next.errors),
            decided.map((d) => d.next.crashes),
            decided.map((d) => d.next.deadReason),
            decided.map((d) => d.next.delayMs),
            fs.map((f) => JSON.stringify(f.error)),
            fs.map((f) => f.kind),
            fs.map((f) => clean(f.error.code, 200)),
            fs.map((f) => clean(f.error.message, 4000)),
            fs.map((f) => clean(f.error.stack, 16000)),
            ...metricCols(fs),
            ctx.wake.channel,
        ], c);
        return out;
    });
    if (outcomes.some((o) => o.state === 'queued'))
        ctx.wake.local();
    return outcomes;
}
export async function release(ctx, items) {
    if (items.length === 0)
        return [];
    const rows = await ctx.db.query(ctx.sql.release, [
        ctx.now(),
        items.map((i) => i.id),
        items.map((i) => i.token),
        ...metricCols(items),
        ctx.wake.channel,
    ]);
    const done = new Set(rows.map((r) => Number(r.id)));
    const out = items.map((i) => {
        if (!done.delete(i.id))
            return { id: i.id, ok: false };
        return { id: i.id, ok: true, state: 'queued' };
    });
    if (rows.length > 0)
        ctx.wake.local();
    return out;
}
//# sourceMappingURL=work.js.map