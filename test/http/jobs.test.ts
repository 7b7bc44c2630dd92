import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TaskCatalog } from '../../src/core/task.js';
import { defineTask } from '../../src/core/task.js';
import { BatchResponseSchema, ErrorSchema, JobListSchema, JobViewSchema } from '../../src/http/schemas.js';
import { harness, succeed } from './helpers.js';

const catalog: TaskCatalog = new Map([
  [
    'sim',
    {
      ...defineTask({
        name: 'sim',
        input: z.strictObject({ n: z.number().int().min(1), label: z.string().optional() }),
        queue: 'cpu',
        timeout: '90s',
        retry: { maxAttempts: 7, maxCrashes: 2 },
        run: () => null,
      }),
      file: 'sim.ts',
    },
  ],
  ['free', { ...defineTask({ name: 'free', run: () => null }), file: 'free.ts' }],
]);

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url, payload: payload as object, headers });
const errorOf = (res: { json(): unknown }) => ErrorSchema.parse(res.json()).error;

describe('POST /v1/jobs', () => {
  it('201 with the job and a Location; 200 with the same job when the key was seen', async () => {
    h = await harness();
    const a = await post('/v1/jobs', { task: 'sim', input: { n: 1 }, key: 'k1' });
    expect(a.statusCode).toBe(201);
    const job = JobViewSchema.parse(a.json());
    expect(job).toMatchObject({ task: 'sim', queue: 'sim', state: 'queued', key: 'k1' });
    expect(a.headers.location).toBe(`/v1/jobs/${job.id}`);
    expect(a.headers['cache-control']).toBe('no-store');
    const b = await post('/v1/jobs', { task: 'sim', input: { n: 2 }, key: 'k1' });
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(job.id);
    expect((await h.store.list({})).jobs).toHaveLength(1);
  });

  it('maps delay, runAt (ISO and ms), priority, attempts and timeout onto the stored job', async () => {
    h = await harness();
    const now = h.clock.now();
    const d = JobViewSchema.parse((await post('/v1/jobs', { task: 't', delay: '30s', priority: -3, attempts: 2, timeout: '1.5s' })).json());
    expect(d).toMatchObject({ state: 'scheduled', runAt: now + 30_000, priority: -3, maxAttempts: 2, timeoutMs: 1500 });
    const iso = new Date(now + 3_600_000).toISOString();
    const r1 = (await post('/v1/jobs', { task: 't', runAt: iso })).json();
    expect(r1).toMatchObject({ state: 'scheduled', runAt: now + 3_600_000 });
    const r2 = (await post('/v1/jobs', { task: 't', runAt: now + 5, delay: undefined, queue: 'other' })).json();
    expect(r2).toMatchObject({ runAt: now + 5, queue: 'other' });
    const ms = (await post('/v1/jobs', { task: 't', delay: 250 })).json();
    expect(ms.runAt).toBe(now + 250);
  });

  it('passes a valid W3C traceparent header through to the job', async () => {
    h = await harness();
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await post('/v1/jobs', { task: 't' }, { traceparent: tp });
    expect((await h.store.get(res.json().id))?.traceparent).toBe(tp);
  });

  it('400 for malformed JSON, 415 for a non-JSON body, 422 with paths for schema violations', async () => {
    h = await harness();
    const bad = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: '{"task": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('CB_INVALID_JSON');
    const text = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: 'task=x', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(errorOf(text).code).toBe('CB_INVALID_JSON');
    const v = await post('/v1/jobs', { task: 'bad name!', priority: 1.5, delay: 'soon', extra: 1 });
    expect(v.statusCode).toBe(422);
    const e = errorOf(v);
    expect(e.code).toBe('CB_INVALID_INPUT');
    const paths = (e.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['task', 'priority', 'delay', '(root)']));
    const both = await post('/v1/jobs', { task: 't', delay: '1s', runAt: 5 });
    expect(both.statusCode).toBe(422);
    const longTimeout = await post('/v1/jobs', { task: 't', timeout: '2d' });
    expect(longTimeout.statusCode).toBe(422);
    expect((errorOf(longTimeout).details as { issues: { path: string }[] }).issues[0].path).toBe('timeout');
    expect((await h.store.list({})).jobs).toHaveLength(0);
  });

  it('413 for a body over the limit and for an input over the payload bound; nothing stored', async () => {
    h = await harness({ maxPayloadBytes: 1000 });
    const huge = await post('/v1/jobs', { task: 't', input: 'x'.repeat(200_000) });
    expect(huge.statusCode).toBe(413);
    expect(errorOf(huge).code).toBe('CB_PAYLOAD_TOO_LARGE');
    // Inside the body limit (payload + envelope) but over the input bound once serialized.
    const over = await post('/v1/jobs', { task: 't', input: 'x'.repeat(1500) });
    expect(over.statusCode).toBe(413);
    expect((await h.store.list({})).jobs).toHaveLength(0);
  });

  it('with a task catalog: unknown task 404, input checked by the task schema (422 with input paths), task defaults applied', async () => {
    h = await harness({ catalog });
    const unknown = await post('/v1/jobs', { task: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('CB_UNKNOWN_TASK');
    const wrong = await post('/v1/jobs', { task: 'sim', input: { n: 0, label: 5 } });
    expect(wrong.statusCode).toBe(422);
    const paths = (errorOf(wrong).details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths.sort()).toEqual(['input.label', 'input.n']);
    const ok = JobViewSchema.parse((await post('/v1/jobs', { task: 'sim', input: { n: 3 } })).json());
    expect(ok).toMatchObject({ queue: 'cpu', timeoutMs: 90_000, maxAttempts: 7, maxCrashes: 2 });
    const overridden = (await post('/v1/jobs', { task: 'sim', input: { n: 3 }, attempts: 1, timeout: 500, queue: 'q2' })).json();
    expect(overridden).toMatchObject({ queue: 'q2', timeoutMs: 500, maxAttempts: 1 });
    expect((await h.store.list({})).jobs).toHaveLength(2);
  });
});

describe('POST /v1/jobs:batch', () => {
  it('enqueues all in one transaction: 201, per-job created flags; 200 when every key existed', async () => {
    h = await harness();
    const res = await post('/v1/jobs:batch', { jobs: [{ task: 'a', key: 'x' }, { task: 'b' }, { task: 'a', key: 'x' }] });
    expect(res.statusCode).toBe(201);
    const body = BatchResponseSchema.parse(res.json());
    expect(body.results.map((r) => r.created)).toEqual([true, true, false]);
    expect(body.results[2].job.id).toBe(body.results[0].job.id);
    const again = await post('/v1/jobs:batch', { jobs: [{ task: 'a', key: 'x' }] });
    expect(again.statusCode).toBe(200);
  });

  it('one bad job (schema, unknown task, payload) fails the batch with its index and stores nothing', async () => {
    h = await harness({ catalog, maxPayloadBytes: 100 });
    const schema = await post('/v1/jobs:batch', { jobs: [{ task: 'free' }, { task: 'free', priority: 'high' }] });
    expect(schema.statusCode).toBe(422);
    expect((errorOf(schema).details as { issues: { path: string }[] }).issues[0].path).toBe('jobs.1.priority');
    const input = await post('/v1/jobs:batch', { jobs: [{ task: 'sim', input: { n: 1 } }, { task: 'sim', input: {} }] });
    expect(input.statusCode).toBe(422);
    expect((errorOf(input).details as { issues: { path: string }[] }).issues[0].path).toBe('jobs.1.input.n');
    const unknown = await post('/v1/jobs:batch', { jobs: [{ task: 'free' }, { task: 'nope' }] });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).message).toContain('jobs.1');
    const big = await post('/v1/jobs:batch', { jobs: [{ task: 'free' }, { task: 'free', input: 'y'.repeat(200) }] });
    expect(big.statusCode).toBe(413);
    expect(await post('/v1/jobs:batch', { jobs: [] }).then((r) => r.statusCode)).toBe(422);
    expect((await h.store.list({})).jobs).toHaveLength(0);
  });
});

describe('GET /v1/jobs/{id}', () => {
  it('status with history, weak ETag from version, 304 on match, short max-age while unfinished, tags', async () => {
    h = await harness();
    const { id } = (await post('/v1/jobs', { task: 'sim', input: { n: 1 } })).json();
    const res = await h.app.inject({ method: 'GET', url: `/v1/jobs/${id}` });
    expect(res.statusCode).toBe(200);
    const job = JobViewSchema.parse(res.json());
    expect(job).toMatchObject({ id, state: 'queued', input: { n: 1 }, history: [] });
    expect(job.resultUrl).toBeUndefined();
    expect(res.headers.etag).toBe(`W/"${id}.${job.version}"`);
    expect(res.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2, stale-if-error=600');
    expect(res.headers['surrogate-key']).toBe(`job-${id} queue-sim`);
    expect(res.headers['cache-tag']).toBe(`job-${id},queue-sim`);

    const hit = await h.app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: { 'if-none-match': res.headers.etag as string } });
    expect(hit.statusCode).toBe(304);
    expect(hit.body).toBe('');
    expect(hit.headers.etag).toBe(res.headers.etag);
    expect(hit.headers['cache-control']).toBe(res.headers['cache-control']);

    await succeed(h.store, id, '{"answer":42}');
    const stale = await h.app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: { 'if-none-match': res.headers.etag as string } });
    expect(stale.statusCode).toBe(200);
    const done = JobViewSchema.parse(stale.json());
    expect(done.state).toBe('succeeded');
    expect(done.resultUrl).toMatch(new RegExp(`^/v1/results/${done.resultSha}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    expect(done.history?.[0]).toMatchObject({ attempt: 1, outcome: 'succeeded', wallMs: 1000, cpuMs: 900 });
    expect(stale.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=60, stale-if-error=86400');
    expect(stale.headers.etag).not.toBe(res.headers.etag);
  });

  it('dead and cancelled jobs get a middle max-age; cost appears when a rate is configured', async () => {
    h = await harness({ cost: { rate: { name: 'test-rate', vcpuHour: 3.6, gbHour: 0 }, memoryGbPerWorker: 0 } });
    const { id } = (await post('/v1/jobs', { task: 'sim' })).json();
    await succeed(h.store, id, '1');
    const done = JobViewSchema.parse((await h.app.inject({ method: 'GET', url: `/v1/jobs/${id}` })).json());
    // 1 s of one core at $3.60 per vCPU-hour.
    expect(done.cost).toMatchObject({ rate: 'test-rate', coreSeconds: 1, cpuSeconds: 0.9 });
    expect(done.cost?.usd).toBeCloseTo(0.001, 9);
    const { id: other } = (await post('/v1/jobs', { task: 'sim' })).json();
    await post(`/v1/jobs/${other}/cancel`, undefined);
    const res = await h.app.inject({ method: 'GET', url: `/v1/jobs/${other}` });
    expect(res.json().state).toBe('cancelled');
    expect(res.headers['cache-control']).toBe('public, max-age=10, stale-while-revalidate=30, stale-if-error=3600');
  });

  it('404 for unknown and malformed ids, with the error shape and no caching', async () => {
    h = await harness();
    for (const url of ['/v1/jobs/999', '/v1/jobs/abc', '/v1/jobs/0', '/v1/jobs/-1', '/v1/jobs/99999999999999999999', '/v1/jobs/1.5']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(errorOf(res).code).toBe('CB_NOT_FOUND');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('GET /v1/jobs', () => {
  it('keyset pagination newest first, filters by state and queue, 400 for a bad query', async () => {
    h = await harness();
    for (let i = 0; i < 5; i++) await post('/v1/jobs', { task: 'a', input: i });
    for (let i = 0; i < 2; i++) await post('/v1/jobs', { task: 'b', input: i });
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const url: string = `/v1/jobs?queue=a&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = JobListSchema.parse((await h.app.inject({ method: 'GET', url })).json());
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    await post('/v1/jobs/7/cancel', undefined);
    const cancelled = JobListSchema.parse((await h.app.inject({ method: 'GET', url: '/v1/jobs?state=cancelled' })).json());
    expect(cancelled.jobs.map((j) => j.id)).toEqual([7]);
    const any = JobListSchema.parse((await h.app.inject({ method: 'GET', url: '/v1/jobs?state=&queue=&cursor=&limit=' })).json());
    expect(any.jobs).toHaveLength(7);
    for (const q of ['state=nope', 'limit=0', 'limit=501', 'cursor=x', 'bogus=1', 'state=queued&state=dead']) {
      const res = await h.app.inject({ method: 'GET', url: `/v1/jobs?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(errorOf(res).code).toBe('CB_INVALID_OPTION');
    }
  });
});

describe('cancel and retry', () => {
  it('cancel → 200 cancelled; cancelling a succeeded job → 409; retry brings it back; unknown → 404', async () => {
    h = await harness();
    const { id } = (await post('/v1/jobs', { task: 't' })).json();
    const c = await post(`/v1/jobs/${id}/cancel`, undefined);
    expect(c.statusCode).toBe(200);
    expect(JobViewSchema.parse(c.json()).state).toBe('cancelled');
    const r = await h.app.inject({ method: 'POST', url: `/v1/jobs/${id}/retry`, headers: { 'content-type': 'application/json' }, payload: '' });
    expect(r.statusCode).toBe(200);
    expect(r.json().state).toBe('queued');
    await succeed(h.store, id, '"ok"');
    const late = await post(`/v1/jobs/${id}/cancel`, undefined);
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('CB_INVALID_STATE');
    expect((await post('/v1/jobs/12345/cancel', undefined)).statusCode).toBe(404);
    expect((await post('/v1/jobs/12345/retry', undefined)).statusCode).toBe(404);
  });
});

it('unknown routes and methods answer 404 in the error shape', async () => {
  h = await harness();
  for (const [method, url] of [['GET', '/nope'], ['DELETE', '/v1/jobs/1'], ['PUT', '/v1/jobs'], ['GET', '/v1/jobs:batch']] as const) {
    const res = await h.app.inject({ method, url });
    expect(res.statusCode, `${method} ${url}`).toBe(404);
    expect(errorOf(res).code).toBe('CB_NOT_FOUND');
  }
});
