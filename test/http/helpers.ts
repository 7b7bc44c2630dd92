import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/clock.js';
import { newToken } from '../../src/http/auth.js';
import { type ApiServer, type ApiServerOptions, buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-http-'));
let n = 0;

/** A fresh SQLite file store on a manual clock (a file, so WAL and real I/O are exercised). */
export async function freshStore(clock = new ManualClock(Date.UTC(2026, 0, 1))): Promise<{ store: Store; clock: ManualClock }> {
  const store = await openStore(`sqlite:${join(dir, `h${process.pid}-${n++}.db`)}`, { clock });
  return { store, clock };
}

export const SECRET = 'test-secret-0123456789abcdef';

/** A server over a fresh store (or the given one); close() closes the server and any store it made. */
export async function harness(opts: Partial<ApiServerOptions> = {}) {
  const own = !opts.store;
  const { store, clock } = opts.store
    ? { store: opts.store, clock: (opts.clock as ManualClock) ?? new ManualClock() }
    : await freshStore(opts.clock as ManualClock | undefined);
  let server: ApiServer;
  try {
    server = await buildApiServer({ store, clock, urlSecret: SECRET, tokenCacheMs: 0, cost: null, ...opts });
  } catch (e) {
    if (own) await store.close();
    throw e;
  }
  await server.app.ready();
  const h = {
    store,
    clock,
    server,
    app: server.app,
    /** Authorization header of the last token made with createToken. */
    bearer: {} as Record<string, string>,
    async createToken(scopes: string[], name = 'test'): Promise<Record<string, string>> {
      const t = newToken();
      await store.createToken({ id: t.id, name, hash: t.hash, scopes });
      h.bearer = { authorization: `Bearer ${t.token}` };
      return h.bearer;
    },
    async close() {
      await server.close();
      if (own) await store.close();
    },
  };
  return h;
}

/** Drives a job to `succeeded` through the real store (claim, then complete with a result). */
export async function succeed(store: Store, id: number, result: Buffer | string, contentType = 'application/json') {
  const claimed = await store.claim({ workerId: 'test', limit: 100, leaseMs: 60_000 });
  const job = claimed.find((j) => j.id === id);
  if (!job) throw new Error(`job ${id} was not claimable`);
  for (const other of claimed) {
    if (other.id !== id) await store.release([{ id: other.id, token: other.leaseToken as number }]);
  }
  const [out] = await store.complete([
    { id, token: job.leaseToken as number, result: Buffer.from(result), contentType, metrics: { wallMs: 1000, cpuMs: 900 } },
  ]);
  if (!out.ok || !out.resultSha) throw new Error('complete failed');
  return out.resultSha;
}
