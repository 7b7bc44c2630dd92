import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { TaskLogger } from '../core/task.js';
import type { CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import { type LogFormat, type LogLevel } from './logger.js';
import { CoreboundMetrics } from './metrics.js';
import type { ObservableNode } from './node-metrics.js';
import { NodeTelemetry } from './node-telemetry.js';
export interface TelemetryFlags {
    logFormat?: LogFormat;
    logLevel?: LogLevel;
    metricsPort?: number;
    metricsHost?: string;
    /** false with --no-metrics-queues. */
    metricsQueues?: boolean;
}
/** Log flags for every long-running command. */
export declare function addLogOptions(cmd: Command): Command;
/** Log flags plus a standalone /metrics server, for `corebound worker`. */
export declare function addTelemetryOptions(cmd: Command): Command;
export interface NodeTelemetrySetup {
    logger: Logger;
    metrics: CoreboundMetrics;
    telemetry: NodeTelemetry;
    /** The store to give the node (and the API, if any): measured and traced. */
    store: Store;
    /** The logger to give startNode(). */
    taskLogger: TaskLogger;
    /** Subscribes to the node and, with --metrics-port, starts the metrics server; resolves to its URL. */
    attach(node: ObservableNode): Promise<string | null>;
    close(): Promise<void>;
}
/**
 * What `corebound worker` (and `start`) need, from the flags:
 *
 *   const t = await setupNodeTelemetry(rawStore, o, { cost });
 *   const node = await startNode({ store: t.store, logger: t.taskLogger, … });
 *   const metricsUrl = await t.attach(node);
 *   …
 *   await node.drain(); await t.close();
 */
export declare function setupNodeTelemetry(rawStore: Store, flags: TelemetryFlags, opts?: {
    cost?: CostBasis | null;
    metrics?: CoreboundMetrics;
    logger?: Logger;
}): Promise<NodeTelemetrySetup>;
