import { attemptLogger, enrichingTaskLogger } from './logger.js';
import { CoreboundMetrics } from './metrics.js';
import { attachNodeMetrics } from './node-metrics.js';
import { instrumentStore } from './store-metrics.js';
import { endAttemptSpan, startAttemptSpan } from './tracing.js';
/** Attempts in flight are few (≤ workers); the bound only matters if claims are seen but no node is attached. */
const MAX_LIVE = 10_000;
/**
 * Wires metrics, logs and traces around one node:
 *
 *   const t = new NodeTelemetry({ logger, metrics, cost });
 *   const store = t.wrapStore(rawStore);          // timings, enqueue spans, claim → attempt context
 *   const node = await startNode({ store, logger: t.taskLogger, … });
 *   t.attach(node);                               // attempt events → metrics, span end, log line
 *
 * An attempt's context (child logger with jobId/attempt/task/queue/traceId,
 * and its span, a child of the job's enqueue span) is made when the job is
 * claimed and dropped when the node reports the attempt settled.
 */
export class NodeTelemetry {
    metrics;
    logger;
    /** Give this to startNode({ logger }): job lines gain attempt, queue and traceId. */
    taskLogger;
    live = new Map();
    tracing;
    cost;
    workerId;
    constructor(opts) {
        this.metrics = opts.metrics ?? new CoreboundMetrics();
        this.logger = opts.logger;
        this.tracing = opts.tracing !== false;
        this.cost = opts.cost ?? null;
        this.taskLogger = enrichingTaskLogger(this.logger, (id) => this.live.get(id)?.log);
    }
    wrapStore(store) {
        return instrumentStore(store, this.metrics, { trace: this.tracing, onClaim: (jobs) => this.claimed(jobs) });
    }
    /** Subscribes to the node; returns a function that unsubscribes. */
    attach(node) {
        this.workerId = node.workerId;
        const detachMetrics = attachNodeMetrics(node, this.metrics, { cost: this.cost });
        const listener = (e) => this.settled(e);
        node.on('attempt', listener);
        return () => {
            detachMetrics();
            node.off('attempt', listener);
        };
    }
    claimed(jobs) {
        for (const job of jobs) {
            if (this.live.size >= MAX_LIVE) {
                const oldest = this.live.keys().next().value;
                this.live.get(oldest)?.span?.end();
                this.live.delete(oldest);
            }
            const log = attemptLogger(this.logger, job);
            const span = this.tracing ? startAttemptSpan(job, { workerId: this.workerId }) : null;
            this.live.set(job.id, { token: job.leaseToken, log, span });
            log.debug({ waitMs: Math.max(0, (job.startedAt ?? job.runAt) - job.runAt) }, 'attempt started');
        }
    }
    settled(e) {
        const live = this.live.get(e.job.id);
        // The same job may be claimed again (a retry) before a late event for the old attempt: match the lease.
        const mine = live && (live.token === null || live.token === e.job.leaseToken);
        if (mine)
            this.live.delete(e.job.id);
        const log = mine ? live.log : attemptLogger(this.logger, e.job);
        if (mine && live.span)
            endAttemptSpan(live.span, { ...e, outcome: e.outcome });
        const m = e.metrics;
        const fields = { outcome: e.outcome, worker: e.worker };
        if (e.state)
            fields.state = e.state;
        if (m.waitMs !== undefined)
            fields.waitMs = Math.round(m.waitMs);
        if (m.wallMs !== undefined)
            fields.wallMs = Math.round(m.wallMs);
        if (m.cpuMs !== undefined)
            fields.cpuMs = Math.round(m.cpuMs);
        if (m.peakMemBytes !== undefined)
            fields.peakMemBytes = m.peakMemBytes;
        if (e.error)
            fields.error = { code: e.error.code, message: e.error.message };
        if (e.outcome === 'succeeded')
            log.info(fields, 'attempt succeeded');
        else if (e.outcome === 'released')
            log.info(fields, 'attempt released (drain)');
        else if (e.state === 'dead')
            log.error(fields, `attempt ${e.outcome}; job is dead`);
        else
            log.warn(fields, `attempt ${e.outcome}`);
    }
}
//# sourceMappingURL=node-telemetry.js.map