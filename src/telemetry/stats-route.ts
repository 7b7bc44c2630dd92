import type { FastifyPluginAsync } from 'fastify';
import type { StatsHistory } from './history.js';
import type { RouteAuth } from './metrics-http.js';
import type { NodeStatsSource, QueueSnapshotSource } from './metrics.js';
import { boundedCount } from './snapshot.js';

export interface StatsRoutesOptions {
  auth: RouteAuth;
  monitor: QueueSnapshotSource;
  history: StatsHistory;
  node?: NodeStatsSource;
}

/**
 * GET /v1/stats: what the dashboard charts, from memory only (the shared
 * snapshot and the sampled history), so any number of open dashboards cost
 * the store nothing. Needs the `read` scope.
 *
 * - totals: waiting and running over all queues, with bounded display strings ("100k+")
 * - throughput: attempts per second by outcome, per bucket, over the window
 * - depth: waiting and running over time
 * - node: the workers of the node in this process and their utilization over time (null for an API-only process)
 * - cost: spend on attempts finished since this process started (null without a rate table)
 */
export const statsRoutes: FastifyPluginAsync<StatsRoutesOptions> = async (app, opts) => {
  const { monitor, history, node } = opts;
  app.get('/v1/stats', async (req, reply) => {
    await opts.auth.authorize(req.headers.authorization, 'read');
    const views = monitor.views();
    let waiting = 0;
    let running = 0;
    let dead = 0;
    for (const v of views) {
      waiting += v.depth;
      running += v.running;
      dead += v.counts.dead ?? 0;
    }
    const s = node?.stats();
    reply.header('cache-control', 'no-store');
    return {
      at: Date.now(),
      snapshotAt: monitor.snapshotAt,
      totals: {
        queues: views.length,
        waiting,
        running,
        dead,
        display: { waiting: boundedCount(waiting), running: boundedCount(running), dead: boundedCount(dead) },
      },
      throughput: { bucketMs: history.bucketMs, windowMs: history.windowMs, points: history.throughput() },
      depth: history.depthSeries(),
      node: s
        ? {
            workerId: s.workerId,
            workers: s.workers,
            busy: s.busy,
            draining: s.draining,
            uptimeMs: Math.round(s.uptimeMs),
            perWorker: s.perWorker.map((w) => ({
              index: w.index,
              jobs: w.jobs,
              jobId: w.jobId,
              queuedJobId: w.queuedJobId ?? null,
            })),
            utilization: history.utilization(),
          }
        : null,
      cost: history.costSoFar(),
      historyFailing: history.failing > 0,
    };
  });
};
