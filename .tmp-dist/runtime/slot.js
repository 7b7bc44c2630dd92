import { ErrorCodes } from '../core/errors.js';
import { openChannel } from './channel.js';
import { readSchedstat } from './thread-cpu.js';
/** One long-lived worker thread (or process), replaced whenever it dies or is terminated. */
export class Slot {
    index;
    host;
    channel;
    ready = false;
    job = null;
    busyMs = 0;
    jobs = 0;
    closed = false;
    schedstat = null;
    cpuNs = 0;
    killReason = null;
    killCpuMs;
    constructor(index, host) {
        this.index = index;
        this.host = host;
        this.spawn();
    }
    spawn() {
        this.ready = false;
        this.killReason = null;
        const { bootUrl, init, resourceLimits } = this.host;
        const channel = openChannel(this.host.isolation, { bootUrl, init, resourceLimits }, {
            message: (m) => {
                if (this.channel === channel)
                    this.message(m);
            },
            exit: (code, error) => this.exited(channel, code, error),
        });
        this.channel = channel;
    }
    post(m) {
        this.channel.post(m);
    }
    run(msg, timeoutMs) {
        const now = performance.now();
        this.job = { id: msg.id, startedAt: now, deadline: now + timeoutMs, killAt: Number.POSITIVE_INFINITY };
        this.channel.post(msg);
        return this.job;
    }
    abort(graceMs) {
        if (!this.job)
            return;
        this.channel.post({ t: 'abort', id: this.job.id });
        this.job.killAt = Math.min(this.job.killAt, performance.now() + graceMs);
    }
    /** Terminates the thread; the running job ends as `reason` and a fresh thread replaces it. */
    kill(reason) {
        if (this.killReason)
            return;
        this.killReason = reason;
        // Read the thread's CPU before it disappears, so killed attempts are still costed.
        const ns = this.schedstat ? readSchedstat(this.schedstat) : null;
        this.killCpuMs = ns === null ? undefined : (ns - this.cpuNs) / 1e6;
        void this.channel.kill();
    }
    close() {
        this.closed = true;
        return this.channel.kill();
    }
    message(m) {
        if (m.t === 'done') {
            this.done(m);
            return;
        }
        if (m.t === 'ready') {
            this.ready = true;
            this.schedstat = m.schedstat;
            this.cpuNs = m.cpuNs;
            this.host.onReady(this);
            return;
        }
        this.host.onMessage(this, m);
    }
    done(m) {
        const job = this.job;
        if (!job || job.id !== m.id || this.killReason)
            return;
        this.finish(job);
        this.cpuNs = m.cpuNs;
        const metrics = { wallMs: m.wallMs, cpuMs: m.cpuMs, peakMemBytes: m.peakMemBytes };
        const outcome = m.ok
            ? { kind: 'ok', json: m.json ?? 'null', metrics }
            : { kind: 'error', error: m.error, retryable: !m.nonRetryable, aborted: !!m.aborted, metrics };
        this.host.onOutcome(this, job, outcome);
    }
    finish(job) {
        this.job = null;
        this.busyMs += performance.now() - job.startedAt;
        this.jobs++;
    }
    exited(channel, code, error) {
        if (channel !== this.channel)
            return;
        const wasReady = this.ready;
        this.ready = false;
        this.host.onDown(this);
        const job = this.job;
        if (job) {
            this.finish(job);
            this.host.onOutcome(this, job, this.deathOutcome(job, code, error));
        }
        if (this.closed)
            return;
        if (!wasReady && !job && !this.killReason) {
            // Died while booting: a broken install, not a task. Retry slowly.
            this.host.onBootFailure(this, error);
            setTimeout(() => !this.closed && this.spawn(), 1000).unref();
            return;
        }
        this.spawn();
    }
    deathOutcome(job, code, e) {
        const wallMs = performance.now() - job.startedAt;
        if (this.killReason === 'timeout') {
            const ms = Math.round(job.deadline - job.startedAt);
            return {
                kind: 'timeout',
                error: { code: ErrorCodes.TASK_TIMEOUT, message: `timed out after ${ms} ms; the worker was terminated` },
                metrics: { wallMs, cpuMs: this.killCpuMs },
            };
        }
        if (this.killReason === 'killed') {
            return {
                kind: 'killed',
                error: { code: ErrorCodes.TASK_CRASH, message: 'ignored abort; the worker was terminated' },
                metrics: { wallMs, cpuMs: this.killCpuMs },
            };
        }
        if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            const limitMb = this.host.resourceLimits?.maxOldGenerationSizeMb;
            return {
                kind: 'oom',
                error: { code: ErrorCodes.TASK_OOM, message: `out of memory: ${e.message}` },
                metrics: { wallMs, ...(limitMb ? { peakMemBytes: limitMb * 1024 * 1024 } : {}) },
            };
        }
        const message = e
            ? `worker crashed: ${e.message}`
            : `worker exited with code ${code} during the task (process.exit?)`;
        const stack = e?.stack?.slice(0, 4000);
        return {
            kind: 'crash',
            error: { code: ErrorCodes.TASK_CRASH, message, ...(stack ? { stack } : {}) },
            metrics: { wallMs },
        };
    }
}
//# sourceMappingURL=slot.js.map