import { z } from 'zod';
import { EnqueueSpecSchema } from '../../core/spec.js';
import { parseWith } from '../errors.js';
const QueueParams = z.strictObject({ queue: EnqueueSpecSchema.shape.task });
/**
 * GET /v1/queues answers from the monitor's timed snapshot, never by
 * counting the jobs table per request (a dashboard polling it must not load
 * the store); `snapshotAt` says how old the numbers are.
 */
export function queueRoutes(app, ctx) {
    app.get('/v1/queues', async (req, reply) => {
        await ctx.auth.authorize(req.headers.authorization, 'read');
        reply.header('cache-control', `${ctx.auth.required ? 'private' : 'public'}, max-age=1, stale-if-error=60`);
        return { snapshotAt: ctx.monitor.snapshotAt, queues: ctx.monitor.views() };
    });
    for (const op of ['pause', 'resume']) {
        app.post(`/v1/queues/:queue/${op}`, async (req, reply) => {
            await ctx.auth.authorize(req.headers.authorization, 'admin');
            const { queue } = parseWith(QueueParams, req.params, 'query');
            // pauseQueue/resumeQueue rather than setQueueConfig: resuming must wake idle workers.
            if (op === 'pause')
                await ctx.store.pauseQueue(queue);
            else
                await ctx.store.resumeQueue(queue);
            const paused = op === 'pause';
            ctx.monitor.noteConfig({ ...ctx.monitor.config(queue), paused });
            reply.header('cache-control', 'no-store');
            return { queue, paused };
        });
    }
}
//# sourceMappingURL=queues.js.map