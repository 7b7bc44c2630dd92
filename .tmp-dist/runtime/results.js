import { ErrorCodes, isCoreboundError } from '../core/errors.js';
/**
 * Batches attempt outcomes: everything that finished in the same event-loop
 * turn goes to the store in one complete/fail/release call each (one
 * transaction on SQLite), which is most of the no-op throughput. A failed
 * write is retried a few times; if it still fails the lease simply expires
 * and the job is rescued and re-run (at-least-once), never lost.
 */
export class ResultWriter {
    store;
    logger;
    written;
    queue = [];
    scheduled = false;
    inFlight = 0;
    idleWaiters = [];
    constructor(store, logger, written) {
        this.store = store;
        this.logger = logger;
        this.written = written;
    }
    push(p) {
        this.queue.push(p);
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(this.flush);
        }
    }
    get pending() {
        return this.queue.length + this.inFlight;
    }
    /** Resolves when everything pushed so far is written (or given up on). */
    idle() {
        if (this.pending === 0 && !this.scheduled)
            return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }
    flush = () => {
        this.scheduled = false;
        const batch = this.queue;
        if (batch.length === 0) {
            this.checkIdle();
            return;
        }
        this.queue = [];
        const by = { complete: [], fail: [], release: [] };
        for (const p of batch)
            by[p.op].push(p);
        if (by.complete.length)
            void this.write(by.complete, 0);
        if (by.fail.length)
            void this.write(by.fail, 0);
        if (by.release.length)
            void this.write(by.release, 0);
    };
    async write(batch, tries) {
        this.inFlight += batch.length;
        let outcomes = null;
        try {
            const op = batch[0].op;
            const items = batch.map((p) => p.item);
            if (op === 'complete')
                outcomes = await this.store.complete(items);
            else if (op === 'fail')
                outcomes = await this.store.fail(items);
            else
                outcomes = await this.store.release(items);
        }
        catch (e) {
            if (batch.length > 1) {
                // One bad item (e.g. a result the store refuses) must not sink the others.
                this.inFlight -= batch.length;
                for (const p of batch)
                    await this.write([p], tries);
                return;
            }
            const p = batch[0];
            if (p.op === 'complete' && isCoreboundError(e, ErrorCodes.RESULT_TOO_LARGE)) {
                // The store's bound is tighter than the node's: the result can never be stored.
                this.inFlight -= 1;
                const { id, token, metrics } = p.item;
                const error = { code: e.code, message: e.message };
                this.push({ op: 'fail', item: { id, token, kind: 'error', error, retryable: false, retryDelayMs: 0, metrics }, meta: p.meta });
                return;
            }
            if (tries < 4) {
                this.logger.warn('store write failed; retrying', { op: batch[0].op, error: e.message });
                await new Promise((r) => setTimeout(r, 100 * 2 ** tries));
                this.inFlight -= batch.length;
                return this.write(batch, tries + 1);
            }
            this.logger.error('store write failed; the lease will expire and the job will be re-run', {
                op: batch[0].op,
                id: batch[0].item.id,
                error: e.message,
            });
        }
        this.inFlight -= batch.length;
        for (let i = 0; i < batch.length; i++)
            this.written(batch[i], outcomes ? (outcomes[i] ?? null) : null);
        this.checkIdle();
    }
    checkIdle() {
        if (this.pending > 0 || this.scheduled)
            return;
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of w)
            resolve();
    }
}
//# sourceMappingURL=results.js.map