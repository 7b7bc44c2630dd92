import type { FastifyInstance } from 'fastify';
import { explainRoutes } from '../explain/route.js';
import type { ApiContext } from '../http/context.js';
import { dashboardRoutes } from './dashboard-route.js';
import { StatsHistory } from './history.js';
import { metricsRoute } from './metrics-http.js';
import type { CoreboundMetrics, NodeStatsSource } from './metrics.js';
import { scalingRoutes } from './scaling-route.js';
import { statsRoutes } from './stats-route.js';

export interface TelemetryRoutesOptions {
  metrics: CoreboundMetrics;
  /** The node in this process (`corebound start`); omit for an API-only process. */
  node?: NodeStatsSource;
  /** Serve the dashboard at / (default true). */
  dashboard?: boolean;
  /** History sampling period (default 2 s), window (default 15 min) and throughput bucket (default 5 s). */
  historyIntervalMs?: number;
  historyWindowMs?: number;
  historyBucketMs?: number;
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
export async function registerTelemetryRoutes(
  server: { app: FastifyInstance; ctx: ApiContext },
  opts: TelemetryRoutesOptions,
): Promise<{ history: StatsHistory }> {
  const { app, ctx } = server;
  opts.metrics.observeQueues(ctx.monitor);
  const history = new StatsHistory({
    monitor: ctx.monitor,
    store: ctx.store,
    node: opts.node,
    cost: ctx.cost,
    clock: ctx.clock,
    intervalMs: opts.historyIntervalMs,
    windowMs: opts.historyWindowMs,
    bucketMs: opts.historyBucketMs,
  }).start();
  app.addHook('onClose', async () => history.stop());
  await app.register(metricsRoute, { metrics: opts.metrics, auth: ctx.auth });
  await app.register(statsRoutes, { auth: ctx.auth, monitor: ctx.monitor, history, node: opts.node });
  await app.register(explainRoutes, { ctx, node: opts.node });
  await app.register(scalingRoutes, { auth: ctx.auth, monitor: ctx.monitor, store: ctx.store, clock: ctx.clock, metrics: opts.metrics, node: opts.node });
  if (opts.dashboard !== false) await app.register(dashboardRoutes);
  return { history };
}
