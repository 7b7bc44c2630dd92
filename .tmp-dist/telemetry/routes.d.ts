import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../http/context.js';
import { StatsHistory } from './history.js';
import type { CoreboundMetrics, NodeStatsSource } from './metrics.js';
export interface TelemetryRoutesOptions {
    metrics: CoreboundMetrics;
    /** The node in this process (`corebound start`); omit for an API-only process. */
    node?: NodeStatsSource;
    /** Serve the dashboard at / (default true). */
    dashboard?: boolean;
    /** History sampling period (default 2 s) and window (default 15 min). */
    historyIntervalMs?: number;
    historyWindowMs?: number;
}
/**
 * Everything observability adds to the API server, in one call before
 * listen(): GET /metrics (+ request and admission-rejection hooks),
 * GET /v1/stats, GET /v1/jobs/{id}/explain and the dashboard at /.
 * The queue gauges and the history read the server's own snapshot
 * (ctx.monitor), so nothing here queries the store per request.
 *
 *   const server = await buildApiServer({ … });
 *   await registerTelemetryRoutes(server, { metrics, node });
 *   await server.listen();
 */
export declare function registerTelemetryRoutes(server: {
    app: FastifyInstance;
    ctx: ApiContext;
}, opts: TelemetryRoutesOptions): Promise<{
    history: StatsHistory;
}>;
