import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { newToken } from '../../src/http/auth.js';
import { harness, succeed } from './helpers.js';

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

const YEAR = 'max-age=31536000, immutable';
const body = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ i, label: `row ${i}` })) });
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

async function finishedJob(queue = 'sim', result: string = body, contentType = 'application/json') {
  const res = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'sim', queue } });
  const id = res.json().id as number;
  const sha = await succeed(h.store, id, result, contentType);
  return { id, sha };
}

const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers });

describe('GET /v1/results/{sha256}', () => {
  it('serves the bytes with a strong sha ETag, immutable caching, type and length; 304 on If-None-Match', async () => {
    h = await harness();
    const { sha } = await finishedJob();
    expect(sha).toBe(sha256(body));
    const res = await get(`/v1/results/${sha}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(body);
    expect(res.headers.etag).toBe(`"${sha}"`);
    // Auth is off (loopback, no tokens) but the queue is not public: private.
    expect(res.headers['cache-control']).toBe(`private, ${YEAR}`);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const again = await get(`/v1/results/${sha}`, { 'if-none-match': `W/"x", "${sha}"` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(`"${sha}"`);
    expect(again.headers['cache-control']).toBe(`private, ${YEAR}`);
    const head = await h.app.inject({ method: 'HEAD', url: `/v1/results/${sha}` });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('gzip and br when asked, each with its own ETag and a correct Content-Length; any variant revalidates', async () => {
    h = await harness();
    const { sha } = await finishedJob();
    const br = await get(`/v1/results/${sha}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.etag).toBe(`"${sha}.br"`);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(body));
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(body);
    const gz = await get(`/v1/results/${sha}`, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.etag).toBe(`"${sha}.gz"`);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(body);
    const none = await get(`/v1/results/${sha}`, { 'accept-encoding': 'identity, *;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(body);
    expect((await get(`/v1/results/${sha}`, { 'if-none-match': `"${sha}.br"` })).statusCode).toBe(304);
  });

  it('does not compress tiny or binary results', async () => {
    h = await harness();
    const { sha } = await finishedJob('sim', '{"a":1}');
    expect((await get(`/v1/results/${sha}`, { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    const bin = Buffer.alloc(4096, 7).toString('latin1');
    const { sha: s2 } = await finishedJob('sim', bin, 'application/octet-stream');
    const res = await get(`/v1/results/${s2}`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });

  it('404 for an unknown or malformed sha', async () => {
    h = await harness();
    expect((await get(`/v1/results/${'a'.repeat(64)}`)).statusCode).toBe(404);
    for (const s of ['abc', 'A'.repeat(64), `${'a'.repeat(63)}g`, `${'a'.repeat(64)}0`, '..%2F..%2Fetc%2Fpasswd']) {
      const res = await get(`/v1/results/${s}`);
      expect(res.statusCode, s).toBe(404);
      expect(res.json().error.code).toBe('CB_NOT_FOUND');
    }
  });

  it('public queue: plain URL, public immutable caching, readable without a token even when auth is on', async () => {
    h = await harness();
    await h.store.setQueueConfig('open', { publicResults: true });
    await h.createToken(['admin']);
    await h.server.refresh();
    const res0 = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'sim', queue: 'open' }, headers: h.bearer });
    const sha = await succeed(h.store, res0.json().id, body);
    const status = await get(`/v1/jobs/${res0.json().id}`, h.bearer);
    expect(status.json().resultUrl).toBe(`/v1/results/${sha}`);
    const res = await get(`/v1/results/${sha}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(`public, ${YEAR}`);
    // The same bytes produced in a private queue stay public through the public one...
    const res1 = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'sim', queue: 'closed' }, headers: h.bearer });
    expect(await succeed(h.store, res1.json().id, body)).toBe(sha);
    expect((await get(`/v1/results/${sha}`)).statusCode).toBe(200);
    // ...and need a token once no public queue references them.
    await h.store.setQueueConfig('open', { publicResults: false });
    await h.server.refresh();
    expect((await get(`/v1/results/${sha}`)).statusCode).toBe(401);
  });
});

describe('signed result URLs', () => {
  it('private queue with auth on: 401 without a token, 200 with one, and the signed URL works without any token', async () => {
    h = await harness();
    await h.createToken(['read', 'enqueue']);
    await h.server.refresh();
    const res0 = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { task: 'sim' }, headers: h.bearer });
    const sha = await succeed(h.store, res0.json().id, body);
    const unsigned = await get(`/v1/results/${sha}`);
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.headers['www-authenticate']).toMatch(/^Bearer/);
    const withToken = await get(`/v1/results/${sha}`, h.bearer);
    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers['cache-control']).toBe(`private, ${YEAR}`);
    // Status with auth on is private too: it depends on the token.
    const status = await get(`/v1/jobs/${res0.json().id}`, h.bearer);
    expect(status.headers['cache-control']).toMatch(/^private, max-age=300/);
    expect(status.headers.vary).toBe('Authorization');
    const url = status.json().resultUrl as string;
    const signed = await get(url);
    expect(signed.statusCode).toBe(200);
    expect(signed.body).toBe(body);
    const exp = Number(new URL(url, 'http://x').searchParams.get('exp'));
    const left = exp - Math.floor(h.clock.now() / 1000);
    // Cacheable by a CDN, but never past the URL's expiry.
    expect(signed.headers['cache-control']).toBe(`public, max-age=${left}, immutable`);
    expect(left).toBeGreaterThanOrEqual(24 * 3600);
    expect(left).toBeLessThanOrEqual(25 * 3600);
  });

  it('expires: 403 CB_URL_EXPIRED once the clock passes exp', async () => {
    h = await harness({ signedUrlTtlMs: 60_000 });
    const { id } = await finishedJob();
    const url = (await get(`/v1/jobs/${id}`)).json().resultUrl as string;
    expect((await get(url)).statusCode).toBe(200);
    const exp = Number(new URL(url, 'http://x').searchParams.get('exp'));
    h.clock.set(exp * 1000 - 1);
    expect((await get(url)).statusCode).toBe(200);
    h.clock.set(exp * 1000);
    const res = await get(url);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CB_URL_EXPIRED');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('tampering: changed sig, exp or path, missing parts, or another secret → 403 CB_BAD_SIGNATURE', async () => {
    h = await harness();
    const { id } = await finishedJob();
    const { sha: other } = await finishedJob('sim', 'other result');
    const url = new URL((await get(`/v1/jobs/${id}`)).json().resultUrl as string, 'http://x');
    const exp = url.searchParams.get('exp') as string;
    const sig = url.searchParams.get('sig') as string;
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const cases = [
      `${url.pathname}?exp=${exp}&sig=${flip(sig)}`,
      `${url.pathname}?exp=${Number(exp) + 3600}&sig=${sig}`,
      `/v1/results/${other}?exp=${exp}&sig=${sig}`,
      `${url.pathname}?exp=${exp}`,
      `${url.pathname}?sig=${sig}`,
      `${url.pathname}?exp=${exp}&sig=${sig}x`,
      `${url.pathname}?exp=-1&sig=${sig}`,
      `${url.pathname}?exp=${exp}&sig=${sig}&exp=${exp}`,
    ];
    for (const c of cases) {
      const res = await get(c);
      expect(res.statusCode, c).toBe(403);
      expect(res.json().error.code, c).toBe('CB_BAD_SIGNATURE');
    }
    const stranger = await harness({ store: h.store, clock: h.clock, urlSecret: 'a-different-secret-entirely' });
    try {
      expect((await stranger.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).statusCode).toBe(403);
    } finally {
      await stranger.server.close();
    }
  });

  it('refuses a signing secret shorter than 16 characters', async () => {
    await expect(harness({ urlSecret: 'short' })).rejects.toMatchObject({ code: 'CB_INVALID_OPTION' });
  });
});

it('newToken gives distinct 256-bit tokens with sha256 hashes', () => {
  const a = newToken();
  const b = newToken();
  expect(a.token).not.toBe(b.token);
  expect(a.hash).toBe(sha256(a.token));
  expect(Buffer.from(a.token.slice(4), 'base64url')).toHaveLength(32);
});
