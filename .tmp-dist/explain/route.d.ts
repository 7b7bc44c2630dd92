import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/store.js';
import type { RouteAuth } from '../telemetry/metrics-http.js';
import type { NodeStatsSource, QueueSnapshotSource } from '../telemetry/metrics.js';
export interface ExplainRoutesOptions {
    /** The API's context (src/http/context.ts ApiContext fits): store, clock, auth and the shared snapshot. */
    ctx: {
        store: Store;
        clock: Clock;
        auth: RouteAuth;
        monitor: QueueSnapshotSource;
    };
    /** The node in this process, if any: its busy workers go into the estimate. */
    node?: NodeStatsSource;
}
/**
 * GET /v1/jobs/{id}/explain: the job's story (see src/explain/explain.ts)
 * as JSON, with the full text in `text`. Needs the `read` scope.
 *
 *   await server.app.register(explainRoutes, { ctx: server.ctx, node });
 */
export declare const explainRoutes: FastifyPluginAsync<ExplainRoutesOptions>;
