import { afterEach, describe, expect, it } from 'vitest';
import { HealthSchema, ReadySchema } from '../../src/http/schemas.js';
import { harness } from './helpers.js';

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

const ready = async () => {
  const res = await h.app.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: ReadySchema.parse(res.json()), headers: res.headers };
};

describe('health', () => {
  it('/healthz answers while the process lives', async () => {
    h = await harness();
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(HealthSchema.parse(res.json())).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz: 200 when the store answers; 503 with the reason when draining', async () => {
    h = await harness();
    const ok = await ready();
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ready: true, checks: { server: { ok: true }, store: { ok: true } } });
    expect(ok.headers['cache-control']).toBe('no-store');
    h.server.drain();
    const draining = await ready();
    expect(draining.status).toBe(503);
    expect(draining.body.checks.server).toEqual({ ok: false, reason: 'draining' });
  });

  it('/readyz: 503 when the store is unreachable', async () => {
    h = await harness();
    await h.store.close();
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.store.ok).toBe(false);
  });

  it('/readyz includes the node: not ready, throwing, or ready', async () => {
    let state: { ready: boolean; reason?: string } = { ready: false, reason: 'workers starting' };
    let boom = false;
    h = await harness({
      node: {
        readiness: async () => {
          if (boom) throw new Error('supervisor gone');
          return state;
        },
      },
    });
    let r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.node).toEqual({ ok: false, reason: 'workers starting' });
    state = { ready: true };
    r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.checks.node).toEqual({ ok: true });
    boom = true;
    r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.node).toEqual({ ok: false, reason: 'supervisor gone' });
  });
});
