import type { Logger } from 'pino';
import type { TaskLogger } from '../core/task.js';
import type { CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import { CoreboundMetrics } from './metrics.js';
import { type ObservableNode } from './node-metrics.js';
export interface NodeTelemetryOptions {
    metrics?: CoreboundMetrics;
    logger: Logger;
    cost?: CostBasis | null;
    /** Spans per enqueue and per attempt (no-ops without an OpenTelemetry SDK). Default true. */
    tracing?: boolean;
}
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
export declare class NodeTelemetry {
    readonly metrics: CoreboundMetrics;
    readonly logger: Logger;
    /** Give this to startNode({ logger }): job lines gain attempt, queue and traceId. */
    readonly taskLogger: TaskLogger;
    private readonly live;
    private readonly tracing;
    private readonly cost;
    private workerId;
    constructor(opts: NodeTelemetryOptions);
    wrapStore<S extends Store>(store: S): S;
    /** Subscribes to the node; returns a function that unsubscribes. */
    attach(node: ObservableNode): () => void;
    private claimed;
    private settled;
}
