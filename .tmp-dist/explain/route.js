import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { jobId } from '../http/routes/jobs.js';
import { gatherExplainContext } from './context.js';
import { explainJob } from './explain.js';
/**
 * GET /v1/jobs/{id}/explain: the job's story (see src/explain/explain.ts)
 * as JSON, with the full text in `text`. Needs the `read` scope.
 *
 *   await server.app.register(explainRoutes, { ctx: server.ctx, node });
 */
export const explainRoutes = async (app, { ctx, node }) => {
    app.get('/v1/jobs/:id/explain', async (req, reply) => {
        await ctx.auth.authorize(req.headers.authorization, 'read');
        const id = jobId(req.params.id);
        const job = await ctx.store.get(id);
        if (!job)
            throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${id} not found`);
        const now = ctx.clock.now();
        const [attempts, context] = await Promise.all([
            ctx.store.attempts(id),
            gatherExplainContext(ctx.store, job, { now, monitor: ctx.monitor, node }),
        ]);
        reply.header('cache-control', 'no-store');
        return explainJob(job, attempts, context);
    });
};
//# sourceMappingURL=route.js.map