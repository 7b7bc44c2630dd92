import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgLeader } from '../../src/maintenance/leader-pg.js';
import type { Node } from '../../src/runtime/supervisor.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { enqueue, fixtureNode, waitFor } from '../runtime/helpers.js';
import { findPgbouncer, type RunningPgbouncer, startPgbouncer } from '../support/pgbouncer.js';
import { dropTestSchemas, testDatabaseUrl } from '../support/postgres.js';

/**
 * The store behind PgBouncer in transaction mode, as docs/operations.md
 * describes it: `listen=off`, `prepare=off` (PgBouncer < 1.21), and the two
 * session advisory locks (leader, migrations) on a direct `lock_url`. Runs
 * whenever pgbouncer is installed; on CI a missing pgbouncer is a failure.
 */
const bin = findPgbouncer();
const skip = !bin && process.env.CI !== 'true';
if (skip) console.warn('pgbouncer e2e skipped: pgbouncer is not installed (apt-get install -y pgbouncer) and CI is not set');

describe.skipIf(skip)('behind PgBouncer in transaction mode', { timeout: 120_000 }, () => {
  let bouncer: RunningPgbouncer | undefined;
  let direct = '';
  let pooled = '';
  const stores: PostgresStore[] = [];
  const nodes: Node[] = [];

  beforeAll(async () => {
    if (!bin) throw new Error('CI=true but pgbouncer is not installed: apt-get install -y pgbouncer');
    direct = await testDatabaseUrl('pgbouncer');
    bouncer = await startPgbouncer(bin, direct);
    const u = new URL(bouncer.url(direct));
    u.searchParams.set('listen', 'off');
    u.searchParams.set('prepare', 'off');
    u.searchParams.set('lock_url', direct);
    pooled = u.toString();
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await bouncer?.stop();
    await dropTestSchemas();
  });

  async function store(): Promise<PostgresStore> {
    const s = await openPostgresStore(pooled);
    stores.push(s);
    await s.migrate(); // under the migration lock, on the lock URL
    return s;
  }

  it('two nodes through it run every job once', async () => {
    const a = await store();
    const b = await store();
    await a.migrate();
    nodes.push(await fixtureNode(a, { workers: 1 }), await fixtureNode(b, { workers: 1 }));
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await enqueue(a, 'noop', { i })).id);
    await waitFor(async () => (await a.stats()).every((q) => q.counts.succeeded === 40 || q.queue !== 'noop'), 'all jobs done');
    for (const id of ids) {
      expect((await b.get(id))?.state).toBe('succeeded');
      expect(await b.attempts(id)).toHaveLength(1);
    }
    const per = nodes.map((n) => n.stats().counts.succeeded);
    expect(per.reduce((x, y) => x + y, 0)).toBe(40);
    // Each node campaigned for leadership on the lock URL; stopping them gives the lock up for the next test.
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  it('with LISTEN left on, the store finds it deaf and polls', async () => {
    const u = new URL(pooled);
    u.searchParams.delete('listen');
    const s = await openPostgresStore(u.toString());
    stores.push(s);
    const unsubscribe = s.onWake(() => {});
    try {
      // LISTEN "succeeds" through the pooler but its own probe NOTIFY never comes back (5 s).
      await waitFor(() => s.wakeMode === 'polling', 'the store to fall back to polling', 30_000);
    } finally {
      unsubscribe();
    }
  });

  it('exactly one of two leaders at every look, and the other takes over when it stops', async () => {
    const [a, b] = stores.length >= 2 ? stores : [await store(), await store()];
    const leaders = [PgLeader.forStore(a, { retryMs: 50 }), PgLeader.forStore(b, { retryMs: 50 })];
    try {
      await Promise.all(leaders.map((l) => l.start()));
      // Through the pooler, a session lock lands on whichever server connection ran the statement: both
      // could hold it (same connection) or the holder would step down at its next check (another one).
      for (let i = 0; i < 20; i++) {
        expect(leaders.filter((l) => l.isLeader())).toHaveLength(1);
        await sleep(60);
      }
      const [was, other] = leaders[0].isLeader() ? leaders : [leaders[1], leaders[0]];
      await was.stop();
      await waitFor(() => other.isLeader(), 'the other to take over', 10_000);
    } finally {
      await Promise.all(leaders.map((l) => l.stop()));
    }
  });
});
