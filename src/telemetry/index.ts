/** Observability: metrics, logs, traces, the stats history and the HTTP pieces that serve them. */
export { CoreboundMetrics, createMetrics, type MetricsOptions, type NodeStatsSource, type QueueSnapshotSource } from './metrics.js';
export { instrumentStore, type InstrumentOptions } from './store-metrics.js';
export { attachNodeMetrics, recordAttempt, type ObservableNode } from './node-metrics.js';
export { NodeTelemetry, type NodeTelemetryOptions } from './node-telemetry.js';
export { metricsRoute, startMetricsServer, type MetricsServer } from './metrics-http.js';
export { attemptLogger, createLogger, enrichingTaskLogger, jobFields, resolveLogFormat, toTaskLogger, type LogFormat } from './logger.js';
export {
  contextFromTraceparent,
  endAttemptSpan,
  formatTraceparent,
  parseTraceparent,
  startAttemptSpan,
  traceEnqueue,
  traceEnqueueSpec,
  traceIdOf,
} from './tracing.js';
export { COUNT_BOUND, QueueMonitor, boundedCount, startQueueSnapshot } from './snapshot.js';
export { StatsHistory } from './history.js';
export { statsRoutes } from './stats-route.js';
export { dashboardRoutes } from './dashboard-route.js';
export { registerTelemetryRoutes, type TelemetryRoutesOptions } from './routes.js';
export { addLogOptions, addTelemetryOptions, setupNodeTelemetry, type TelemetryFlags } from './cli.js';
export { explainJob, type Explanation } from '../explain/explain.js';
export { gatherExplainContext } from '../explain/context.js';
export { explainRoutes } from '../explain/route.js';
