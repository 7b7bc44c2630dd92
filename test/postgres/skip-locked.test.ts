import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/job.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { adminClient, dropTestSchemas, schemaOf, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

/**
 * Several claimers on separate pools (as on separate machines), claiming and
 * completing in parallel: every job must be claimed exactly once, and no
 * claim may return more than its limit (the MATERIALIZED CTE fence).
 */
describe('postgres: concurrent claims with SKIP LOCKED', () => {
  it('never double-claims across parallel claimers, and honours each limit', async () => {
    const url = await testDatabaseUrl('skip');
    const nodes: PostgresStore[] = [];
    for (let i = 0; i < 4; i++) nodes.push(await openPostgresStore(url, { poolMax: 4 }));
    try {
      await nodes[0].migrate();
      const total = 3000;
      for (let i = 0; i < total; i += 1000) {
        await nodes[0].enqueue(
          Array.from({ length: 1000 }, (_, k) => ({ task: 'work', queue: (i + k) % 3 === 0 ? 'b' : 'a', input: i + k })),
        );
      }
      const seen = new Map<number, string>();
      const dup: number[] = [];
      let overLimit = 0;
      const claimer = async (store: PostgresStore, name: string, queues?: string[]) => {
        for (;;) {
          const limit = 1 + Math.floor(Math.random() * 25);
          const got: Job[] = await store.claim({ workerId: name, limit, leaseMs: 60_000, queues });
          if (got.length > limit) overLimit++;
          if (got.length === 0) {
            // Empty can be momentary (rows locked by another claim); stop only when nothing waits.
            const waiting = await store.list({ state: 'queued', queue: queues?.length === 1 ? queues[0] : undefined, limit: 1 });
            if (waiting.jobs.length === 0) return;
            continue;
          }
          for (const j of got) {
            if (seen.has(j.id)) dup.push(j.id);
            seen.set(j.id, name);
          }
          const out = await store.complete(got.map((j) => ({ id: j.id, token: j.leaseToken as number })));
          expect(out.every((o) => o.ok)).toBe(true);
        }
      };
      // Two claimers per node: some name queues, some claim across all queues.
      await Promise.all(
        nodes.flatMap((n, i) => [claimer(n, `n${i}-x`), claimer(n, `n${i}-y`, i % 2 ? ['a', 'b'] : ['a'])]),
      );
      // Whatever 'a'-only claimers left behind, the all-queue claimers took.
      expect(dup).toEqual([]);
      expect(overLimit).toBe(0);
      expect(seen.size).toBe(total);
      expect(new Set(seen.values()).size).toBeGreaterThan(1);

      const c = await adminClient();
      try {
        const s = `"${schemaOf(url)}"`;
        // A success is recorded in its job row (att_*); any other ended attempt would be a row in attempts.
        const r = await c.query(
          `SELECT (SELECT count(*) FROM ${s}.jobs WHERE state = 'succeeded')::int AS ok,
                  (SELECT count(*) FROM ${s}.jobs WHERE attempt = 1 AND att_worker IS NOT NULL)::int AS once,
                  (SELECT count(*) FROM ${s}.attempts)::int AS other`,
        );
        expect(r.rows[0]).toEqual({ ok: total, once: total, other: 0 });
      } finally {
        await c.end();
      }
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  it('a claim skips rows another transaction holds, instead of waiting for them', async () => {
    const url = await testDatabaseUrl('skiplock');
    const store = await openPostgresStore(url);
    const c = await adminClient();
    try {
      await store.migrate();
      const [first, second] = await store.enqueue([{ task: 't' }, { task: 't' }]);
      await c.query('BEGIN');
      await c.query(`SELECT 1 FROM "${schemaOf(url)}".jobs WHERE id = $1 FOR UPDATE`, [first.job.id]);
      const got = await store.claim({ workerId: 'w', limit: 2, leaseMs: 10_000, queues: ['t'] });
      expect(got.map((j) => j.id)).toEqual([second.job.id]);
      await c.query('ROLLBACK');
      const rest = await store.claim({ workerId: 'w', limit: 2, leaseMs: 10_000 });
      expect(rest.map((j) => j.id)).toEqual([first.job.id]);
    } finally {
      await c.end();
      await store.close();
    }
  });
});
