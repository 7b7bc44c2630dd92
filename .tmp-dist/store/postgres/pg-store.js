import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { Defaults } from '../../core/limits.js';
import { prepareSpec } from '../../core/validate.js';
import { rowToJob } from '../rows.js';
import * as admin from './admin.js';
import { resolvePgConfig } from './config.js';
import { Db } from './db.js';
import { pendingMigrations, runMigrations } from './migrator.js';
import * as reads from './reads.js';
import { statements } from './sql/index.js';
import { PgWake, wakeChannel } from './wake.js';
import * as work from './work.js';
/**
 * The PostgreSQL store: many nodes on many machines share one database.
 * Same contract as the SQLite store (test/conformance runs unchanged against
 * both); what differs is how: claims use FOR UPDATE SKIP LOCKED, batches are
 * one statement over unnest()ed arrays, wake-ups are LISTEN/NOTIFY, and
 * connection failures surface as CB_STORE_UNAVAILABLE while the pool
 * reconnects on later calls. SQL lives in ./sql, one module per concern.
 */
export class PostgresStore {
    kind = 'postgres';
    capabilities;
    config;
    db;
    sql;
    wake;
    ctx;
    constructor(url, opts = {}) {
        this.config = resolvePgConfig(url, opts);
        const cfg = this.config;
        this.capabilities = {
            crossProcessWake: true,
            listenNotify: cfg.listen,
            skipLocked: true,
            transactionalEnqueue: true,
            multiNode: true,
        };
        this.db = new Db(cfg);
        this.sql = statements(cfg.schema);
        const channel = wakeChannel(cfg.schema);
        this.wake = new PgWake(cfg, channel, async (payload) => {
            await this.db.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
        });
        const clock = cfg.clock;
        this.ctx = {
            db: this.db,
            sql: this.sql,
            wake: this.wake,
            now: clock ? () => clock.now() : () => null,
            maxPayloadBytes: opts.maxPayloadBytes ?? Defaults.maxPayloadBytes,
            maxResultBytes: opts.maxResultBytes ?? Defaults.maxResultBytes,
        };
    }
    get schema() {
        return this.config.schema;
    }
    /** The bounded pool, for callers that want to share it (e.g. transactional enqueue). */
    get pool() {
        return this.db.pool;
    }
    /** 'listening' once a LISTEN connection is verified; 'polling' without LISTEN. */
    get wakeMode() {
        return this.wake.state;
    }
    async migrate() {
        await runMigrations(this.db.pool, this.config.schema, this.ctx.now() ?? Date.now());
    }
    pendingMigrations() {
        return pendingMigrations(this.db.pool, this.config.schema);
    }
    async ping() {
        await this.db.query(this.sql.ping, []);
    }
    async close() {
        this.wake.stop();
        await this.db.close();
    }
    onWake(listener) {
        return this.wake.subscribe(listener);
    }
    // ---- producers ----
    /**
     * One INSERT … SELECT FROM unnest(…) for the batch: atomic, one round trip.
     * With `opts.client` (a pg client inside the caller's open transaction) the
     * same statements run on that client, so the jobs exist iff the caller
     * commits, and the NOTIFY is delivered only at that commit.
     */
    async enqueue(specs, opts) {
        if (specs.length > Defaults.maxBatch) {
            throw new CoreboundError(ErrorCodes.INVALID_INPUT, `at most ${Defaults.maxBatch} jobs per batch`);
        }
        const prepared = specs.map((s) => prepareSpec(s, this.ctx.maxPayloadBytes));
        if (prepared.length === 0)
            return [];
        const client = opts?.client;
        if (client !== undefined && typeof client?.query !== 'function') {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, 'enqueue client must be a pg Client or PoolClient');
        }
        const out = await this.insert(prepared, client);
        if (!client && out.some((r) => r.created && r.job.state === 'queued'))
            this.wake.local();
        return out;
    }
    async insert(prepared, client) {
        const ext = client !== undefined;
        const col = (f) => prepared.map(f);
        const rows = await this.db.query(this.sql.insertJobs, [
            this.ctx.now(),
            col((p) => p.task),
            col((p) => p.queue ?? p.task),
            col((p) => p.inputJson),
            col((p) => p.priority ?? Defaults.priority),
            col((p) => p.runAt ?? null),
            col((p) => p.delayMs ?? 0),
            col((p) => p.maxAttempts ?? Defaults.maxAttempts),
            col((p) => p.maxCrashes ?? Defaults.maxCrashes),
            col((p) => p.timeoutMs ?? Defaults.timeoutMs),
            col((p) => p.key ?? null),
            col((p) => p.parentId ?? null),
            col((p) => p.groupId ?? null),
            col((p) => p.traceparent ?? null),
            this.wake.channel,
        ], client, ext);
        const skipped = rows.filter((r) => r.id === null);
        const existing = new Map();
        if (skipped.length > 0) {
            // The key's job committed before our insert (or earlier in this batch); read it.
            const found = await this.db.query(this.sql.jobsByKey, [skipped.map((r) => r.spec_queue), skipped.map((r) => r.spec_key)], client, ext);
            for (const r of found)
                existing.set(`${r.queue}\0${r.idem_key}`, r);
        }
        return rows.map((r) => {
            if (r.id !== null)
                return { job: rowToJob(r), created: true };
            const hit = existing.get(`${r.spec_queue}\0${r.spec_key}`);
            if (!hit) {
                // Pruned between our conflict and our read: rare; the caller may retry.
                throw new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, `job with key "${r.spec_key}" vanished; retry`);
            }
            return { job: rowToJob(hit), created: false };
        });
    }
    // ---- workers ----
    claim(req) {
        return work.claim(this.ctx, req);
    }
    heartbeat(items, leaseMs) {
        return work.heartbeat(this.ctx, items, leaseMs);
    }
    saveCheckpoint(lease, state) {
        return work.saveCheckpoint(this.ctx, lease, state);
    }
    complete(items) {
        return work.complete(this.ctx, items);
    }
    fail(items) {
        return work.fail(this.ctx, items);
    }
    release(items) {
        return work.release(this.ctx, items);
    }
    // ---- operators ----
    cancel(id) {
        return admin.cancel(this.ctx, id);
    }
    retry(id) {
        return admin.retry(this.ctx, id);
    }
    replayDead(filter) {
        return admin.replayDead(this.ctx, filter);
    }
    async pauseQueue(queue) {
        await admin.setQueueConfig(this.ctx, queue, { paused: true });
    }
    async resumeQueue(queue) {
        await admin.setQueueConfig(this.ctx, queue, { paused: false });
    }
    setQueueConfig(queue, config) {
        return admin.setQueueConfig(this.ctx, queue, config);
    }
    queueConfigs() {
        return admin.queueConfigs(this.ctx);
    }
    createToken(t) {
        return admin.createToken(this.ctx, t);
    }
    findToken(hash) {
        return admin.findToken(this.ctx, hash);
    }
    revokeToken(id) {
        return admin.revokeToken(this.ctx, id);
    }
    listTokens() {
        return admin.listTokens(this.ctx);
    }
    // ---- maintenance ----
    rescueExpired() {
        return admin.rescueExpired(this.ctx);
    }
    promoteDue(limit) {
        return admin.promoteDue(this.ctx, limit);
    }
    nextDueAt() {
        return admin.nextDueAt(this.ctx);
    }
    prune(opts) {
        return admin.prune(this.ctx, opts);
    }
    // ---- readers ----
    get(id) {
        return reads.get(this.ctx, id);
    }
    attempts(id) {
        return reads.attempts(this.ctx, id);
    }
    list(filter) {
        return reads.list(this.ctx, filter);
    }
    getResult(sha256) {
        return reads.getResult(this.ctx, sha256);
    }
    resultQueues(sha256) {
        return reads.resultQueues(this.ctx, sha256);
    }
    stats() {
        return reads.stats(this.ctx);
    }
    finishedAttempts(opts) {
        return reads.finishedAttempts(this.ctx, opts);
    }
}
//# sourceMappingURL=pg-store.js.map