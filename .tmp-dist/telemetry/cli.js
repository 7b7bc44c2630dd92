import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { LogFormats, createLogger } from './logger.js';
import { startMetricsServer } from './metrics-http.js';
import { CoreboundMetrics } from './metrics.js';
import { NodeTelemetry } from './node-telemetry.js';
import { startQueueSnapshot } from './snapshot.js';
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
function choice(flag, allowed) {
    return (v) => {
        if (!allowed.includes(v)) {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${flag} must be one of ${allowed.join(', ')}, not "${v}"`);
        }
        return v;
    };
}
function port(v) {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || n < 0 || n > 65_535) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--metrics-port must be a port number (0-65535), not "${v}"`);
    }
    return n;
}
/** Log flags for every long-running command. */
export function addLogOptions(cmd) {
    return cmd
        .option('--log-format <format>', 'pretty | json | auto (pretty on a terminal, else JSON)', choice('log-format', LogFormats), 'auto')
        .option('--log-level <level>', LEVELS.join(' | '), choice('log-level', LEVELS));
}
/** Log flags plus a standalone /metrics server, for `corebound worker`. */
export function addTelemetryOptions(cmd) {
    return addLogOptions(cmd)
        .option('--metrics-port <n>', 'serve Prometheus GET /metrics on this port (0 picks one)', port)
        .option('--metrics-host <host>', 'address for --metrics-port', '127.0.0.1')
        .option('--no-metrics-queues', 'leave queue gauges to the API (saves one store.stats() every 5 s on this node)');
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
export async function setupNodeTelemetry(rawStore, flags, opts = {}) {
    const logger = opts.logger ?? createLogger({ format: flags.logFormat, level: flags.logLevel });
    const metrics = opts.metrics ?? new CoreboundMetrics();
    const telemetry = new NodeTelemetry({ metrics, logger, cost: opts.cost });
    const store = telemetry.wrapStore(rawStore);
    let server = null;
    let snapshot = null;
    let detach = null;
    return {
        logger,
        metrics,
        telemetry,
        store,
        taskLogger: telemetry.taskLogger,
        async attach(node) {
            detach = telemetry.attach(node);
            if (flags.metricsPort === undefined)
                return null;
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
//# sourceMappingURL=cli.js.map