import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTokens } from '../../src/cli/commands/api.js';
import { Authenticator, assertSafeBind, hashToken, isLoopback, parseScopes } from '../../src/http/auth.js';
import { buildApiServer, startApiServer } from '../../src/http/server.js';
import { freshStore, harness } from './helpers.js';

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
  h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('tokens and scopes', () => {
  it('loopback with no tokens: open; once a token exists: 401 without one', async () => {
    h = await harness();
    expect((await call('POST', '/v1/jobs', {}, { task: 't' })).statusCode).toBe(201);
    await h.createToken(['read']);
    expect((await call('GET', '/v1/jobs')).statusCode).toBe(200); // not noticed until the next refresh
    await h.server.refresh();
    const res = await call('GET', '/v1/jobs');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('CB_UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="corebound"');
  });

  it('each scope opens exactly its routes; admin opens all; 403 CB_FORBIDDEN otherwise', async () => {
    h = await harness();
    const enqueue = await h.createToken(['enqueue']);
    const read = await h.createToken(['read']);
    const admin = await h.createToken(['admin']);
    await h.server.refresh();
    const routes: ['GET' | 'POST', string, 'enqueue' | 'read' | 'admin', object?][] = [
      ['POST', '/v1/jobs', 'enqueue', { task: 't' }],
      ['POST', '/v1/jobs:batch', 'enqueue', { jobs: [{ task: 't' }] }],
      ['GET', '/v1/jobs', 'read'],
      ['GET', '/v1/jobs/1', 'read'],
      ['GET', '/v1/queues', 'read'],
      ['POST', '/v1/jobs/1/cancel', 'admin'],
      ['POST', '/v1/jobs/1/retry', 'admin'],
      ['POST', '/v1/queues/t/pause', 'admin'],
      ['POST', '/v1/queues/t/resume', 'admin'],
    ];
    // Job 1 exists for the id routes.
    expect((await call('POST', '/v1/jobs', enqueue, { task: 't' })).statusCode).toBe(201);
    for (const [method, url, needs, body] of routes) {
      for (const [scope, headers] of [['enqueue', enqueue], ['read', read], ['admin', admin]] as const) {
        const res = await call(method, url, headers, body);
        const allowed = scope === needs || scope === 'admin';
        if (allowed) expect(res.statusCode, `${scope} ${method} ${url}`).toBeLessThan(300);
        else {
          expect(res.statusCode, `${scope} ${method} ${url}`).toBe(403);
          expect(res.json().error.code).toBe('CB_FORBIDDEN');
        }
      }
      expect((await call(method, url, {}, body)).statusCode).toBe(401);
    }
    // Health is never behind a token.
    expect((await call('GET', '/healthz')).statusCode).toBe(200);
    expect((await call('GET', '/readyz')).statusCode).toBe(200);
  });

  it('401 for malformed, unknown and revoked tokens', async () => {
    h = await harness();
    const read = await h.createToken(['read']);
    await h.server.refresh();
    expect((await call('GET', '/v1/jobs', read)).statusCode).toBe(200);
    const bad = ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', `Bearer ${'x'.repeat(600)}`, 'Bearer cbt_notarealtoken', `${read.authorization}x`];
    for (const authorization of bad) {
      const res = await call('GET', '/v1/jobs', { authorization });
      expect(res.statusCode, authorization.slice(0, 20)).toBe(401);
    }
    const [t] = await h.store.listTokens();
    expect(t.hash).toBe(hashToken(read.authorization.slice('Bearer '.length)));
    expect(JSON.stringify(await h.store.listTokens())).not.toContain(read.authorization.slice(7));
    await h.store.revokeToken(t.id);
    expect((await call('GET', '/v1/jobs', read)).statusCode).toBe(401);
  });

  it('revoking the last token keeps auth on (locked, not open)', async () => {
    h = await harness();
    const read = await h.createToken(['read']);
    await h.server.refresh();
    for (const t of await h.store.listTokens()) await h.store.revokeToken(t.id);
    await h.server.refresh();
    expect((await call('GET', '/v1/jobs')).statusCode).toBe(401);
    expect((await call('GET', '/v1/jobs', read)).statusCode).toBe(401);
  });

  it('auth: true requires tokens on loopback before any exist', async () => {
    h = await harness({ auth: true });
    expect((await call('GET', '/v1/jobs')).statusCode).toBe(401);
  });

  it('caches a valid token for tokenCacheMs, so revocation lands within it', async () => {
    const { store, clock } = await freshStore();
    const auth = new Authenticator(store, clock, { cacheMs: 5_000, force: true });
    const t = { id: 'tok_1', name: 'x', hash: hashToken('cbt_secret'), scopes: ['read'] };
    await store.createToken(t);
    await auth.authorize('Bearer cbt_secret', 'read');
    await store.revokeToken('tok_1');
    await auth.authorize('Bearer cbt_secret', 'read');
    clock.advance(5_001);
    await expect(auth.authorize('Bearer cbt_secret', 'read')).rejects.toMatchObject({ code: 'CB_UNAUTHORIZED' });
    await store.close();
  });
});

describe('safe binding', () => {
  it('refuses to listen on 0.0.0.0 (or any non-loopback address) without tokens: CB_UNSAFE_BIND', async () => {
    const { store } = await freshStore();
    try {
      for (const host of ['0.0.0.0', '::', '10.1.2.3']) {
        await expect(startApiServer({ store, host, port: 0, cost: null })).rejects.toMatchObject({
          code: 'CB_UNSAFE_BIND',
          message: expect.stringContaining('corebound token create'),
        });
      }
    } finally {
      await store.close();
    }
  });

  it('allows a non-loopback bind once tokens exist or auth is forced (checked without opening a public port)', async () => {
    const { store, clock } = await freshStore();
    const open = new Authenticator(store, clock);
    await open.refresh();
    expect(() => assertSafeBind('0.0.0.0', open)).toThrow(/refusing/);
    expect(() => assertSafeBind('127.0.0.1', open)).not.toThrow();
    expect(() => assertSafeBind('0.0.0.0', new Authenticator(store, clock, { force: true }))).not.toThrow();
    await store.createToken({ id: 'tok_a', name: 'a', hash: hashToken('x'), scopes: ['read'] });
    await open.refresh();
    expect(() => assertSafeBind('0.0.0.0', open)).not.toThrow();
    await store.close();
  });

  it('binds 127.0.0.1 by default and serves over a real socket', async () => {
    const { store } = await freshStore();
    const s = await startApiServer({ store, port: 0, cost: null });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${s.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await s.close();
      await store.close();
    }
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.5.5.5', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.1', 'example.com', '128.0.0.1']) expect(isLoopback(a), a).toBe(false);
    expect(parseScopes('read, enqueue,read')).toEqual(['read', 'enqueue']);
    expect(() => parseScopes('read,root')).toThrow(/scopes/);
    expect(() => parseScopes('')).toThrow(/scopes/);
  });
});

describe('corebound token create|list|revoke', () => {
  async function run(args: string[], storeUrl: string) {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerTokens(program);
    try {
      await program.parseAsync(['node', 'corebound', ...args, '--store', storeUrl]);
    } finally {
      spy.mockRestore();
    }
    return out.join('');
  }

  it('creates a token that the API accepts, lists it without the secret, revokes it', async () => {
    const { store } = await freshStore();
    const url = `sqlite:${(store as unknown as { path: string }).path}`;
    await store.close();
    const created = JSON.parse(await run(['token', 'create', '--name', 'ci', '--scopes', 'enqueue,read', '--json'], url));
    expect(created).toMatchObject({ name: 'ci', scopes: ['enqueue', 'read'] });
    expect(created.token).toMatch(/^cbt_[A-Za-z0-9_-]{43}$/);
    const listed = JSON.parse(await run(['token', 'list', '--json'], url));
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: 'ci', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed[0].hash).toBeUndefined();

    const { openStore } = await import('../../src/store/open.js');
    const s2 = await openStore(url);
    const server = await buildApiServer({ store: s2, tokenCacheMs: 0, cost: null });
    try {
      const ok = await server.app.inject({ method: 'GET', url: '/v1/jobs', headers: { authorization: `Bearer ${created.token}` } });
      expect(ok.statusCode).toBe(200);
      expect(await run(['token', 'revoke', created.id], url)).toContain('revoked');
      const gone = await server.app.inject({ method: 'GET', url: '/v1/jobs', headers: { authorization: `Bearer ${created.token}` } });
      expect(gone.statusCode).toBe(401);
      process.exitCode = undefined;
      await run(['token', 'revoke', created.id], url);
      expect(process.exitCode).toBe(3);
    } finally {
      process.exitCode = undefined;
      await server.close();
      await s2.close();
    }
  });
});
