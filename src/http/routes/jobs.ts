import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { EnqueueSpec } from '../../core/spec.js';
import type { EnqueueResult } from '../../store/store.js';
import { etagMatches, statusCacheControl } from '../cache.js';
import { type ApiContext, resultUrlFor, sharedCacheable } from '../context.js';
import { toEnqueueSpec } from '../enqueue.js';
import { parseWith } from '../errors.js';
import { BatchRequestSchema, JobRequestSchema, ListQuerySchema } from '../schemas.js';
import { jobView } from '../view.js';

/** Job ids in paths: positive safe integers; anything else is simply not a job (404). */
export function jobId(text: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : 0;
  if (!Number.isSafeInteger(id) || id <= 0) throw new CoreboundError(ErrorCodes.NOT_FOUND, 'no such job');
  return id;
}

/** Reserves admission, enqueues in one store transaction, gives back what was not created. */
async function admitAndEnqueue(ctx: ApiContext, specs: EnqueueSpec[]): Promise<EnqueueResult[]> {
  const wanted = new Map<string, number>();
  for (const s of specs) {
    const q = s.queue ?? s.task;
    wanted.set(q, (wanted.get(q) ?? 0) + 1);
  }
  const release = ctx.monitor.reserve(wanted);
  let results: EnqueueResult[];
  try {
    results = await ctx.store.enqueue(specs);
  } catch (e) {
    release(wanted);
    throw e;
  }
  const unused = new Map<string, number>();
  for (const r of results) if (!r.created) unused.set(r.job.queue, (unused.get(r.job.queue) ?? 0) + 1);
  release(unused);
  return results;
}

const traceparent = (req: FastifyRequest) => {
  const t = req.headers.traceparent;
  return typeof t === 'string' ? t : undefined;
};

export function jobRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const auth = (req: FastifyRequest, scope: 'enqueue' | 'read' | 'admin') =>
    ctx.auth.authorize(req.headers.authorization, scope);

  app.post('/v1/jobs', async (req, reply) => {
    await auth(req, 'enqueue');
    const body = parseWith(JobRequestSchema, req.body, 'body');
    const spec = toEnqueueSpec(body, { catalog: ctx.catalog, maxPayloadBytes: ctx.maxPayloadBytes, traceparent: traceparent(req) });
    const [r] = await admitAndEnqueue(ctx, [spec]);
    reply.code(r.created ? 201 : 200).header('location', `/v1/jobs/${r.job.id}`).header('cache-control', 'no-store');
    return jobView(r.job, ctx.clock.now());
  });

  // `::` is fastify's escape for a literal colon: the route is /v1/jobs:batch.
  app.post('/v1/jobs::batch', { bodyLimit: ctx.maxBatchBodyBytes }, async (req, reply) => {
    await auth(req, 'enqueue');
    const body = parseWith(BatchRequestSchema, req.body, 'body');
    const specs = body.jobs.map((j, i) =>
      toEnqueueSpec(j, { catalog: ctx.catalog, maxPayloadBytes: ctx.maxPayloadBytes, traceparent: traceparent(req), at: `jobs.${i}` }),
    );
    const results = await admitAndEnqueue(ctx, specs);
    const now = ctx.clock.now();
    reply.code(results.some((r) => r.created) ? 201 : 200).header('cache-control', 'no-store');
    return { results: results.map((r) => ({ created: r.created, job: jobView(r.job, now) })) };
  });

  app.get('/v1/jobs', async (req, reply) => {
    await auth(req, 'read');
    // An empty parameter (?state=) means "any", as a form would send it.
    const raw = Object.entries(req.query as Record<string, unknown>).filter(([, v]) => v !== '');
    const q = parseWith(ListQuerySchema, Object.fromEntries(raw), 'query');
    const page = await ctx.store.list({
      state: q.state,
      queue: q.queue,
      task: q.task,
      cursor: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: q.limit === undefined ? 50 : Number(q.limit),
    });
    const now = ctx.clock.now();
    reply.header('cache-control', 'no-store');
    return { jobs: page.jobs.map((j) => jobView(j, now)), nextCursor: page.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/v1/jobs/:id', async (req, reply) => {
    await auth(req, 'read');
    const id = jobId(req.params.id);
    const job = await ctx.store.get(id);
    if (!job) throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${id} not found`);
    const etag = `W/"${job.id}.${job.version}"`;
    reply
      .header('etag', etag)
      .header('cache-control', statusCacheControl(job.state, sharedCacheable(ctx)))
      .header('surrogate-key', `job-${job.id} queue-${job.queue}`)
      .header('cache-tag', `job-${job.id},queue-${job.queue}`);
    if (ctx.auth.required) reply.header('vary', 'Authorization');
    if (etagMatches(req.headers['if-none-match'], [etag])) return reply.code(304).send();
    const history = await ctx.store.attempts(id);
    return jobView(job, ctx.clock.now(), { resultUrl: resultUrlFor(ctx, job), input: true, history, cost: ctx.cost });
  });

  const operate = (op: 'cancel' | 'retry') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    await auth(req, 'admin');
    const job = await ctx.store[op](jobId(req.params.id));
    reply.header('cache-control', 'no-store');
    return jobView(job, ctx.clock.now());
  };
  app.post('/v1/jobs/:id/cancel', operate('cancel'));
  app.post('/v1/jobs/:id/retry', operate('retry'));
}
