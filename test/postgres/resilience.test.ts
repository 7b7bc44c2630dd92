import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { adminClient, dropTestSchemas, schemaOf, terminateBackends, testDatabaseUrl } from '../support/postgres.js';
import { startEmbeddedPostgres } from '../support/postgres-server.js';
import { startProxy } from '../support/tcp-proxy.js';

afterAll(dropTestSchemas);

const reachable = (s: { ping(): Promise<void> }) => s.ping().then(
  () => true,
  () => false,
);

describe('postgres: the database going away', () => {
  it('a backend killed mid-call fails that call with CB_STORE_UNAVAILABLE; later calls reconnect', async () => {
    const base = await testDatabaseUrl('killed');
    const appName = `cb_killed_${process.pid}`;
    const url = new URL(base);
    url.searchParams.set('application_name', appName);
    const store = await openPostgresStore(url.toString());
    const admin = await adminClient();
    try {
      await store.migrate();
      const [{ job }] = await store.enqueue([{ task: 't' }]);
      // Hold the job's row so the store's cancel() blocks inside its transaction…
      await admin.query('BEGIN');
      await admin.query(`SELECT 1 FROM "${schemaOf(base)}".jobs WHERE id = $1 FOR UPDATE`, [job.id]);
      const cancelling = store.cancel(job.id);
      cancelling.catch(() => {});
      await expect
        .poll(async () => {
          const r = await admin.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
            [appName],
          );
          return r.rows[0].n;
        }, { timeout: 10_000 })
        .toBe(1);
      // …then kill every backend of the store, as a failover or an operator would.
      expect(await terminateBackends(appName)).toBeGreaterThan(0);
      await expect(cancelling).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
      await admin.query('ROLLBACK');
      await expect.poll(() => reachable(store), { timeout: 10_000 }).toBe(true);
      expect((await store.cancel(job.id)).state).toBe('cancelled');
    } finally {
      await admin.end();
      await store.close();
    }
  });

  it('survives a database restart: unavailable while down, then leases, completions and wake-ups resume', async () => {
    const server = await startEmbeddedPostgres({ restartable: true });
    const store = await openPostgresStore(`${server.url}?schema=restart`, { connectTimeoutMs: 2_000 });
    try {
      await store.migrate();
      await store.enqueue([{ task: 't', input: 1 }, { task: 't', input: 2 }]);
      const [running] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 120_000 });
      store.onWake(() => {});
      await expect.poll(() => store.wakeMode, { timeout: 10_000 }).toBe('listening');

      expect(store.msSinceUnavailable()).toBeNull();
      await server.down();
      await expect(store.ping()).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
      // What a node that becomes the maintenance leader right after this asks (see maintenance/loop.ts).
      expect(store.msSinceUnavailable()).toBeGreaterThanOrEqual(0);
      await expect(store.claim({ workerId: 'w', limit: 1, leaseMs: 1000 })).rejects.toMatchObject({
        code: ErrorCodes.STORE_UNAVAILABLE,
      });
      await expect(store.complete([{ id: running.id, token: running.leaseToken as number }])).rejects.toMatchObject({
        code: ErrorCodes.STORE_UNAVAILABLE,
      });
      expect(store.wakeMode).not.toBe('listening');

      await server.up();
      await expect.poll(() => reachable(store), { timeout: 20_000 }).toBe(true);
      // The task kept running meanwhile; its completion lands once the database is back.
      expect(await store.complete([{ id: running.id, token: running.leaseToken as number }])).toEqual([
        { id: running.id, ok: true, state: 'succeeded' },
      ]);
      const [next] = await store.claim({ workerId: 'w', limit: 5, leaseMs: 10_000 });
      expect(next.input).toBe(2);
      await expect.poll(() => store.wakeMode, { timeout: 20_000 }).toBe('listening');
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('a server gone silent (no reset) fails calls after the query timeout, heartbeats within a third of the lease', async () => {
    const base = new URL(await testDatabaseUrl('silent'));
    const proxy = await startProxy({ host: base.hostname, port: Number(base.port || 5432) });
    /** A store through the proxy with one pooled connection, so calls after the freeze go on an open one. */
    const through = (queryTimeout: string) => {
      const url = new URL(base);
      url.port = String(proxy.port);
      url.searchParams.set('pool', '1');
      url.searchParams.set('query_timeout', queryTimeout);
      return openPostgresStore(url.toString(), { connectTimeoutMs: 2_000 });
    };
    const slow = await through('20s');
    const quick = await through('1s');
    try {
      await slow.migrate();
      await slow.enqueue([{ task: 't' }]);
      const [job] = await slow.claim({ workerId: 'w', limit: 1, leaseMs: 60_000 });
      await quick.ping();
      const lease = { id: job.id, token: job.leaseToken as number };
      proxy.freeze();
      // Without a bound each call would wait for TCP to give up, minutes from now.
      const t0 = performance.now();
      await expect(slow.heartbeat([lease], 3_000)).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
      // A third of its 3 s lease, not the store's 20 s: the next heartbeat can still save the lease.
      expect(performance.now() - t0).toBeLessThan(10_000);
      await expect(quick.complete([lease])).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
      // Both stuck connections were closed, not given back to the pool. (The relay then drops what they sent;
      // a real network might still deliver it, which fencing makes harmless.)
      await expect.poll(() => proxy.open, { timeout: 10_000 }).toBe(0);
      proxy.thaw();
      expect((await slow.heartbeat([lease], 60_000)).ok).toEqual([lease]);
      expect(await quick.complete([lease])).toEqual([{ id: job.id, ok: true, state: 'succeeded' }]);
    } finally {
      await slow.close();
      await quick.close();
      await proxy.close();
    }
  }, 60_000);

  it('ping reports an unreachable server as CB_STORE_UNAVAILABLE', async () => {
    const store = await openPostgresStore('postgres://postgres@127.0.0.1:1/postgres', { connectTimeoutMs: 2_000 });
    try {
      await expect(store.ping()).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
      await expect(store.migrate()).rejects.toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE });
    } finally {
      await store.close();
    }
  });

  it('a connection whose prepared statements a migration made stale is dropped, not reused', async () => {
    const base = await testDatabaseUrl('stale_plan');
    const url = new URL(base);
    url.searchParams.set('pool', '1'); // one connection: a client given back to the pool is the next one used
    const store = await openPostgresStore(url.toString());
    const admin = await adminClient();
    try {
      await store.migrate();
      const jobs = (await store.enqueue([{ task: 't' }, { task: 't' }, { task: 't' }])).map((r) => r.job);
      await store.cancel(jobs[0].id); // prepares the named SELECT * inside a transaction
      // What a rolling upgrade's migration does under a running node: the table gains a column.
      await admin.query(`ALTER TABLE "${schemaOf(base)}".jobs ADD COLUMN extra int`);
      await store.cancel(jobs[1].id).catch(() => {}); // "cached plan must not change result type", once
      expect((await store.cancel(jobs[2].id)).state).toBe('cancelled');
    } finally {
      await admin.end();
      await store.close();
    }
  });
});
