import type { Command } from 'commander';
import type { Logger } from 'pino';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
import type { TaskLogger } from '../core/task.js';
import type { CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import { type LogFormat, LogFormats, type LogLevel, createLogger } from './logger.js';
import { type MetricsServer, startMetricsServer } from './metrics-http.js';
import { CoreboundMetrics } from './metrics.js';
import type { ObservableNode } from './node-metrics.js';
import { NodeTelemetry } from './node-telemetry.js';
import { type QueueSnapshot, startQueueSnapshot } from './snapshot.js';

export interface TelemetryFlags {
  logFormat?: LogFormat;
  logLevel?: LogLevel;
  metricsPort?: number;
  metricsHost?: string;
  /** false with --no-metrics-queues. */
  metricsQueues?: boolean;
}

const LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function choice<T extends string>(flag: string, allowed: readonly T[]) {
  return (v: string): T => {
    if (!(allowed as readonly string[]).includes(v)) {
      throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${flag} must be one of ${allowed.join(', ')}, not "${v}"`);
    }
    return v as T;
  };
}

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 0 || n > 65_535) {
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--metrics-port must be a port number (0-65535), not "${v}"`);
  }
  return n;
}

/** Log flags for every long-running command. */
export function addLogOptions(cmd: Command): Command {
  return cmd
    .option('--log-format <format>', 'pretty | json | auto (pretty on a terminal, else JSON)', choice('log-format', LogFormats), 'auto')
    .option('--log-level <level>', LEVELS.join(' | '), choice('log-level', LEVELS));
}

/** Log flags plus a standalone /metrics server, for `corebound worker`. */
export function addTelemetryOptions(cmd: Command): Command {
  return addLogOptions(cmd)
    .option('--metrics-port <n>', 'serve Prometheus GET /metrics on this port (0 picks one)', port)
    .option('--metrics-host <host>', 'address for --metrics-port', '127.0.0.1')
    .option('--no-metrics-queues', 'leave queue gauges to the API (saves one store.stats() every 5 s on this node)');
}

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
export async function setupNodeTelemetry(
  rawStore: Store,
  flags: TelemetryFlags,
  opts: { cost?: CostBasis | null; metrics?: CoreboundMetrics; logger?: Logger } = {},
): Promise<NodeTelemetrySetup> {
  const logger = opts.logger ?? createLogger({ format: flags.logFormat, level: flags.logLevel });
  const metrics = opts.metrics ?? new CoreboundMetrics();
  const telemetry = new NodeTelemetry({ metrics, logger, cost: opts.cost });
  const store = telemetry.wrapStore(rawStore);
  let server: MetricsServer | null = null;
  let snapshot: QueueSnapshot | null = null;
  let detach: (() => void) | null = null;
  return {
    logger,
    metrics,
    telemetry,
    store,
    taskLogger: telemetry.taskLogger,
    async attach(node) {
      detach = telemetry.attach(node);
      if (flags.metricsPort === undefined) return null;
      if (flags.metricsQueues !== false) {
        snapshot = await startQueueSnapshot(rawStore, {
          intervalMs: 5000,
          onError: (e) => logger.warn({ error: e.message }, 'queue snapshot for /metrics failed'),
        });
        metrics.observeQueues(snapshot.monitor);
      }
      server = await startMetricsServer({ metrics, port: flags.metricsPort, host: flags.metricsHost });
      logger.info({ url: `${server.url}/metrics` }, 'metrics server listening');
      return server.url;
    },
    async close() {
      detach?.();
      snapshot?.stop();
      await server?.close();
      logger.flush?.();
    },
  };
}
