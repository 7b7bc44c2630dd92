import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask, type TaskCatalog } from '../../src/core/task.js';
import type { InjectOptions } from 'fastify';
import { ErrorSchema } from '../../src/http/schemas.js';
import { harness } from './helpers.js';

/**
 * Bounded fuzzing: thousands of random, malformed and hostile requests. Every
 * job body carries at least one mutation that on its own makes it invalid,
 * so the properties are exact: no 5xx, every error in the {error: {code,
 * message}} shape, the process keeps answering, and no job is stored.
 * Seeded, so a failure replays.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const ROUNDS = 3000;

function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(SEED);
const int = (n: number) => Math.floor(rng() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

const UNICODE = ['é', 'ß', '日本', '🔥', '\u0000', '\u202e', '\ud800', '\uffff', 'Ω', '\n', '"', '\\', '/', '..', '%00', '<script>'];
const str = (max = 12) => Array.from({ length: int(max) }, () => (rng() < 0.5 ? String.fromCharCode(32 + int(95)) : pick(UNICODE))).join('');
/** encodeURIComponent, but a lone surrogate becomes its (invalid UTF-8) bytes: one more path trick. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const HUGE = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 1.5, 0.1, -1, 1e21, 4.2e-300];

function randomJson(depth = 0): unknown {
  const r = int(depth > 3 ? 4 : 7);
  if (r === 0) return null;
  if (r === 1) return rng() < 0.5;
  if (r === 2) return pick(HUGE);
  if (r === 3) return str();
  if (r === 4) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
  return Object.fromEntries(Array.from({ length: int(4) }, () => [str(6), randomJson(depth + 1)]));
}

/** Each one alone makes a job request invalid (422, or 404 for an unknown task under a catalog). */
const INVALIDATORS: ((b: Record<string, unknown>) => void)[] = [
  (b) => (b.task = pick(['', 'bad name', '-lead', 'x'.repeat(129), `t${pick(['é', '日本', '🔥', '\u0000', ' ', '/', '"', '<'])}`, 5, null, [], {}, true])),
  (b) => delete b.task,
  (b) => (b.priority = pick([1001, -1001, 1.5, '1', null, [], 1e308, -1e308, 2 ** 53 + 2])),
  (b) => (b.attempts = pick([0, 1001, 2.5, '3', -1, null, 1e308])),
  (b) => (b.delay = pick(['soon', '-1s', '1 fortnight', '', -5, 1.5, 1e20, null, {}, '9'.repeat(40), 'NaNs'])),
  (b) => (b.runAt = pick(['yesterday', '2026-13-01T00:00:00Z', '2026-01-01', -1, 1e20, 1.5, null, true])),
  (b) => (b.timeout = pick([0, '0s', '2d', '25h', 'forever', -1, null, 1e20])),
  (b) => (b.key = pick(['', 'k'.repeat(256), 7, null, ['k']])),
  (b) => (b.queue = pick(['', 'a b', 'é', 'q'.repeat(129), 9, null])),
  // An own property even for __proto__, so it reaches the wire.
  (b) => Object.defineProperty(b, pick(['__proto__', 'constructor', 'maxCrashes', 'delayMs', 'extra', `x_${str(5)}`]), { value: randomJson(), enumerable: true, configurable: true, writable: true }),
  (b) => {
    b.delay = '1s';
    b.runAt = 5;
  },
];

const OPTIONALS: ((b: Record<string, unknown>) => void)[] = [
  (b) => (b.input = randomJson()),
  (b) => (b.key = `k${str(8)}`),
  (b) => (b.priority = int(2001) - 1000),
  (b) => (b.attempts = 1 + int(5)),
  (b) => (b.delay = pick(['30s', 250, '1.5h'])),
  (b) => (b.timeout = pick(['10s', 5000])),
  (b) => (b.queue = pick(['q', 'sim', 'a.b:c'])),
];

function invalidJob(): unknown {
  const r = rng();
  if (r < 0.05) return pick([[], 1, 'job', null, true, [{ task: 't' }]]);
  const b: Record<string, unknown> = { task: pick(['sim', 't', 'free', 'a.b']) };
  for (let i = int(4); i > 0; i--) pick(OPTIONALS)(b);
  for (let i = 1 + int(2); i > 0; i--) pick(INVALIDATORS)(b);
  return b;
}

/** Unparseable: truncated or corrupted JSON (checked to really be invalid), or noise. */
function badJsonText(): string {
  const text = JSON.stringify({ task: 'sim', input: randomJson(), key: str() });
  for (;;) {
    const r = int(4);
    const out =
      r === 0
        ? text.slice(0, int(text.length))
        : r === 1
          ? text.slice(0, int(text.length)) + pick(['\u0000', '}', ',', '"', "'", 'NaN', 'undefined']) + text.slice(int(text.length))
          : r === 2
            ? pick(['{', '[1,]', '{"task":}', "{'task':'t'}", '{"task":"t",}', '\ufeff{}x', '{"a":1}{"b":2}', 'nul', '01', '-'])
            : str(40);
    try {
      JSON.parse(out);
    } catch {
      return out;
    }
  }
}

const catalog: TaskCatalog = new Map([
  ['sim', { ...defineTask({ name: 'sim', input: z.strictObject({ n: z.number().int().min(1) }), run: () => 0 }), file: 'sim.ts' }],
]);

type Req = { method: string; url: string; headers?: Record<string, string>; payload?: string };

function request(): Req {
  const json = { 'content-type': pick(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON']) };
  const r = int(12);
  if (r <= 3) return { method: 'POST', url: '/v1/jobs', headers: json, payload: JSON.stringify(invalidJob()) };
  if (r === 4) return { method: 'POST', url: pick(['/v1/jobs', '/v1/jobs:batch']), headers: json, payload: badJsonText() };
  if (r === 5) {
    // A batch with at least one invalid job anywhere in it, or a malformed envelope.
    const jobs: unknown[] = Array.from({ length: int(5) }, () => ({ task: 'ok', input: randomJson() }));
    jobs.splice(int(jobs.length + 1), 0, invalidJob());
    const body = pick([{ jobs }, { jobs: [] }, { jobs: 'all' }, { jobs, extra: 1 }, jobs, { jobs: null }]);
    return { method: 'POST', url: '/v1/jobs:batch', headers: json, payload: JSON.stringify(body) };
  }
  if (r === 6) {
    // Valid JSON, wrong media type or encoding.
    const ct = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', '']);
    return { method: 'POST', url: '/v1/jobs', headers: ct ? { 'content-type': ct } : {}, payload: pick(['{"task":"t"}', 'task=t', str(30)]) };
  }
  if (r === 7) {
    const path = pick([
      '/v1/jobs/../results', '/v1/jobs/%2e%2e/%2e%2e/etc/passwd', '/v1/jobs/1%00', '//v1/jobs', '/v1/jobs/1/cancel/../retry',
      `/v1/results/${'a'.repeat(64)}%2F..`, `/v1/jobs/${'9'.repeat(300)}`, '/v1/%zz', `/v1/jobs/${enc(str(10))}`,
      '/v1/results/../../../../etc/passwd', '/V1/JOBS', '/v1/jobs/1?x=%', '/v1/jobs?state[]=queued', '/v1/jobs?__proto__[a]=1',
      `/v1/jobs?cursor=${pick(HUGE)}`, `/v1/jobs?limit=${pick(['-1', '1e3', '99999', ''])}`, '/v1/queues/%00/pause', `/v1/queues/${enc(str(8))}/resume`,
      `/${enc(str(20))}`, '/v1/jobs:batch/../jobs', `/v1/results/${'g'.repeat(64)}?exp=1&sig=${'A'.repeat(43)}`,
    ]);
    return { method: pick(['GET', 'POST', 'HEAD', 'DELETE', 'PUT', 'PATCH', 'OPTIONS']), url: path, headers: json, payload: rng() < 0.5 ? '{}' : undefined };
  }
  if (r === 8) {
    // Hostile headers on read routes.
    const headers: Record<string, string> = {};
    if (rng() < 0.5) headers['if-none-match'] = pick(['*', 'W/', '"', `W/"${str(5)}"`, ','.repeat(200), str(50)]);
    if (rng() < 0.5) headers['accept-encoding'] = pick(['br;q=NaN', 'gzip;q=-1', '*;q=2', str(30), 'x'.repeat(1000)]);
    if (rng() < 0.5) headers.authorization = pick(['Bearer', `Bearer ${str(30)}`, 'Basic x', `Bearer cbt_${'A'.repeat(43)}`]);
    return { method: 'GET', url: pick(['/v1/jobs/1', `/v1/results/${'b'.repeat(64)}`, '/v1/queues', '/v1/jobs?limit=5']), headers };
  }
  if (r === 9) {
    // Deep nesting and big-but-bounded inputs, always with an invalidating mutation.
    if (rng() < 0.3) {
      // Over the body limit (payload bound + envelope), or over the payload bound inside it.
      const n = pick([70 * 1024, 200 * 1024]);
      return { method: 'POST', url: pick(['/v1/jobs', '/v1/jobs:batch']), headers: json, payload: `{"task":"sim","input":"${'x'.repeat(n)}"}` };
    }
    const depth = pick([100, 5000, 50_000]);
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    return { method: 'POST', url: '/v1/jobs', headers: json, payload: `{"task":"sim","priority":"x","input":${deep}}` };
  }
  if (r === 10) {
    return { method: 'POST', url: `/v1/jobs/${pick(['1', '0', 'x', '9'.repeat(20)])}/${pick(['cancel', 'retry', 'explode'])}`, headers: json, payload: pick(['', '{}', '[', 'null']) };
  }
  // Traceparent and idempotency shapes on otherwise-invalid jobs.
  const b = invalidJob();
  return { method: 'POST', url: '/v1/jobs', headers: { ...json, traceparent: str(60) }, payload: JSON.stringify(b) };
}

describe('fuzz: malformed and hostile requests', () => {
  let plain: Awaited<ReturnType<typeof harness>>;
  let typed: Awaited<ReturnType<typeof harness>>;
  beforeAll(async () => {
    plain = await harness({ maxPayloadBytes: 64 * 1024 });
    typed = await harness({ catalog, maxPayloadBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await plain?.close();
    await typed?.close();
  });

  it(`${ROUNDS} requests (seed ${SEED}): no 5xx, coded errors, no stored job`, async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < ROUNDS; i++) {
      const h = i % 2 === 0 ? plain : typed;
      const req = request();
      const res = await h.app.inject(req as InjectOptions);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const where = `#${i} ${req.method} ${req.url.slice(0, 80)} ${String(req.payload).slice(0, 120)}`;
      expect(res.statusCode, where).toBeLessThan(500);
      if (req.method === 'POST' && /^\/v1\/jobs(:batch)?$/.test(req.url)) expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
      if (res.statusCode >= 400 && req.method !== 'HEAD') {
        expect(ErrorSchema.safeParse(res.json()).success, `${where} → ${res.body.slice(0, 200)}`).toBe(true);
      }
    }
    for (const h of [plain, typed]) {
      expect((await h.store.list({ limit: 10 })).jobs).toEqual([]);
      expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
    // The mix really exercised the error paths.
    for (const s of [400, 404, 413, 415, 422]) expect(statuses.get(s) ?? 0, `status ${s} seen`).toBeGreaterThan(0);
  }, 120_000);

  it('raw malformed HTTP on a real socket: the server answers 4xx or closes, and keeps serving', async () => {
    const { url, close } = await import('../../src/http/server.js').then((m) =>
      m.startApiServer({ store: plain.store, port: 0, cost: null, urlSecret: 'fuzz-secret-0123456789' }),
    );
    const { port } = new URL(url);
    const raw = [
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{"a":1}',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX: ${'b'.repeat(20_000)}\r\n\r\n`,
      'GARBAGE\r\n\r\n',
      'GET /v1/jobs HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"task":',
    ];
    try {
      for (const text of raw) {
        const reply = await new Promise<string>((resolve) => {
          const sock = connect(Number(port), '127.0.0.1');
          let got = '';
          sock.on('data', (d) => {
            got += d.toString('latin1');
          });
          sock.on('error', () => resolve(got));
          sock.on('close', () => resolve(got));
          sock.write(text);
          // A body shorter than its Content-Length: the server waits; end our side.
          setTimeout(() => sock.end(), 200).unref();
        });
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);
        expect(status === 0 || (status >= 200 && status < 500), `${text.slice(0, 40)} → ${reply.slice(0, 60)}`).toBe(true);
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await plain.store.list({ limit: 10 })).jobs).toEqual([]);
    } finally {
      await close();
    }
  });
});
