import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Defaults } from '../core/limits.js';
import { Slot } from './slot.js';
/**
 * Long-lived worker threads, one job each. Hard timeouts and
 * kill-after-ignored-abort share one timer armed at the earliest deadline,
 * so the hot path sets no per-job timer.
 */
export class Pool {
    slots = [];
    idle = [];
    sweepAt = Number.POSITIVE_INFINITY;
    sweepTimer = null;
    closed = false;
    constructor(opts, events) {
        const size = Math.max(1, opts.size ?? availableParallelism());
        const hostIsTs = import.meta.url.endsWith('.ts');
        const init = {
            hostUrl: new URL(hostIsTs ? './worker-host.ts' : './worker-host.js', import.meta.url).href,
            tsx: hostIsTs || !!opts.tsx,
            maxResultBytes: opts.maxResultBytes ?? Defaults.maxResultBytes,
            progressEveryMs: opts.progressEveryMs ?? 100,
        };
        const resourceLimits = { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb ?? 1024 };
        const host = {
            init,
            bootUrl: bootShimUrl(),
            resourceLimits,
            isolation: opts.isolation ?? 'thread',
            onReady: (slot) => {
                this.idle.push(slot);
                events.ready();
            },
            onMessage: (slot, m) => events.message(slot, m),
            onOutcome: (slot, job, outcome) => {
                // A clean finish frees the thread now; a dead thread frees on its replacement's ready.
                if (outcome.kind === 'ok' || outcome.kind === 'error')
                    this.idle.push(slot);
                events.outcome(slot, job, outcome);
            },
            onBootFailure: (_slot, err) => events.bootFailure(err),
            onDown: (slot) => {
                const i = this.idle.indexOf(slot);
                if (i >= 0)
                    this.idle.splice(i, 1);
            },
        };
        for (let i = 0; i < size; i++)
            this.slots.push(new Slot(i, host));
    }
    get size() {
        return this.slots.length;
    }
    /** Ready threads with no job. */
    get free() {
        return this.idle.length;
    }
    get busy() {
        let n = 0;
        for (const s of this.slots)
            if (s.job)
                n++;
        return n;
    }
    /** Runs a job on a free thread; the caller checked `free > 0`. */
    run(msg, timeoutMs) {
        const slot = this.idle.pop();
        if (!slot)
            throw new Error('pool: no free worker');
        const job = slot.run(msg, timeoutMs);
        this.arm(job.deadline);
        return slot;
    }
    /** Signals the job's AbortSignal; terminates the thread if it has not finished after graceMs. */
    abort(slot, graceMs) {
        slot.abort(graceMs);
        if (slot.job)
            this.arm(slot.job.killAt);
    }
    async close() {
        this.closed = true;
        if (this.sweepTimer)
            clearTimeout(this.sweepTimer);
        await Promise.all(this.slots.map((s) => s.close()));
    }
    arm(at) {
        if (this.closed || at >= this.sweepAt)
            return;
        if (this.sweepTimer)
            clearTimeout(this.sweepTimer);
        this.sweepAt = at;
        this.sweepTimer = setTimeout(() => this.sweep(), Math.max(0, at - performance.now()) + 1);
    }
    sweep() {
        this.sweepTimer = null;
        this.sweepAt = Number.POSITIVE_INFINITY;
        const now = performance.now();
        let next = Number.POSITIVE_INFINITY;
        for (const slot of this.slots) {
            const job = slot.job;
            if (!job)
                continue;
            if (job.deadline <= now)
                slot.kill('timeout');
            else if (job.killAt <= now)
                slot.kill('killed');
            else
                next = Math.min(next, job.deadline, job.killAt);
        }
        if (next < Number.POSITIVE_INFINITY)
            this.arm(next);
    }
}
/**
 * The boot shim is plain .mjs, which tsc does not emit: next to this module
 * when the build copied it (dist/runtime/), else in the source tree (the
 * same two levels up from src/runtime/ and dist/runtime/).
 */
function bootShimUrl() {
    for (const rel of ['./worker-boot.mjs', '../../src/runtime/worker-boot.mjs']) {
        const url = new URL(rel, import.meta.url);
        if (existsSync(url))
            return url;
    }
    throw new Error('corebound: worker-boot.mjs not found next to runtime/pool or in src/runtime/');
}
//# sourceMappingURL=pool.js.map