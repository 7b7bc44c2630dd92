import type { FastifyPluginAsync } from 'fastify';
import type { StatsHistory } from './history.js';
import type { RouteAuth } from './metrics-http.js';
import type { NodeStatsSource, QueueSnapshotSource } from './metrics.js';
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
export declare const statsRoutes: FastifyPluginAsync<StatsRoutesOptions>;
