import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { dropTestSchemas, testDatabaseUrl } from '../support/postgres.js';

/** Values PostgreSQL types are picky about come back exactly as given. */
describe('postgres: values round-trip', () => {
  let store: PostgresStore;
  beforeAll(async () => {
    store = await openPostgresStore(await testDatabaseUrl('roundtrip'));
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await dropTestSchemas();
  });

  it('inputs of every JSON kind, including strings and NUL characters', async () => {
    const inputs = ['plain string', '{"not":"an object"}', 42, null, true, [1, 'two'], { s: 'a\u0000b', ü: 'ß✓' }];
    const res = await store.enqueue(inputs.map((input) => ({ task: 't', input })));
    for (const [i, r] of res.entries()) {
      expect(r.job.input).toEqual(inputs[i]);
      expect((await store.get(r.job.id))?.input).toEqual(inputs[i]);
    }
  });

  it('errors with NUL characters and checkpoints of any kind are stored', async () => {
    const [{ job }] = await store.enqueue([{ task: 'nul', maxAttempts: 3 }]);
    const [c] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 10_000, queues: ['nul'] });
    expect(await store.saveCheckpoint({ id: c.id, token: c.leaseToken as number }, 'step-3')).toBe(true);
    const [o] = await store.fail([
      {
        id: c.id,
        token: c.leaseToken as number,
        kind: 'error',
        error: { code: 'E', message: 'bad\u0000byte', stack: 'at x\u0000' },
        retryable: true,
        retryDelayMs: 0,
      },
    ]);
    expect(o).toMatchObject({ ok: true, state: 'queued' });
    const after = await store.get(job.id);
    expect(after?.checkpoint).toBe('step-3');
    expect(after?.lastError).toEqual({ code: 'E', message: 'bad\u0000byte', stack: 'at x\u0000' });
    expect((await store.attempts(job.id))[0]).toMatchObject({ outcome: 'error', errorMessage: 'badbyte' });
  });

  it('resultQueues names every queue whose jobs produced a result; stats count every state', async () => {
    await store.enqueue([{ task: 'r', queue: 'ra' }, { task: 'r', queue: 'rb' }, { task: 'r', queue: 'rb', delayMs: 60_000 }]);
    const claimed = await store.claim({ workerId: 'w', limit: 5, leaseMs: 10_000, queues: ['ra', 'rb'] });
    const out = await store.complete(
      claimed.map((j) => ({ id: j.id, token: j.leaseToken as number, result: Buffer.from('"same"') })),
    );
    expect(out).toHaveLength(2);
    expect((await store.resultQueues(out[0].resultSha as string)).sort()).toEqual(['ra', 'rb']);
    expect(await store.resultQueues('0'.repeat(64))).toEqual([]);
    const rb = (await store.stats()).find((s) => s.queue === 'rb');
    expect(rb?.counts).toEqual({ scheduled: 1, queued: 0, running: 0, retrying: 0, succeeded: 1, dead: 0, cancelled: 0 });
  });

  it('a key PostgreSQL text cannot hold is bad input, not a crash', async () => {
    await expect(store.enqueue([{ task: 't', key: 'k\u0000' }])).rejects.toMatchObject({ code: 'CB_INVALID_INPUT' });
  });

  it('ends an attempt that a node of an earlier version opened at claim, in one row', async () => {
    const [{ job }] = await store.enqueue([{ task: 'old', queue: 'upgrade' }]);
    const [c] = await store.claim({ workerId: 'old-node', limit: 1, leaseMs: 10_000, queues: ['upgrade'] });
    // What a node from before migration 003 wrote at claim time.
    await store.pool.query(
      `INSERT INTO "${store.schema}".attempts (job_id, token, attempt, worker_id, started_at, outcome, wait_ms)
       VALUES ($1, $2, 1, 'old-node', $3, 'running', 7)`,
      [c.id, c.leaseToken, c.startedAt],
    );
    expect((await store.attempts(job.id)).map((a) => [a.outcome, a.waitMs])).toEqual([['running', 7]]);
    const [out] = await store.complete([{ id: c.id, token: c.leaseToken as number, metrics: { wallMs: 5 } }]);
    expect(out.ok).toBe(true);
    const attempts = await store.attempts(job.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ token: c.leaseToken, outcome: 'succeeded', wallMs: 5, workerId: 'old-node' });
  });

  it('reads a success that a node of the previous release recorded in attempts once', async () => {
    const [{ job }] = await store.enqueue([{ task: 'old', queue: 'upgrade-done' }]);
    const [c] = await store.claim({ workerId: 'old-node', limit: 1, leaseMs: 10_000, queues: ['upgrade-done'] });
    const end = (c.startedAt as number) + 5;
    // What a node before migration 004 wrote for a success: an attempts row, a job row without att_*.
    await store.pool.query(
      `INSERT INTO "${store.schema}".attempts (job_id, token, attempt, worker_id, started_at, ended_at, outcome, wall_ms)
       VALUES ($1, $2, 1, 'old-node', $3, $4, 'succeeded', 5)`,
      [c.id, c.leaseToken, c.startedAt, end],
    );
    await store.pool.query(
      `UPDATE "${store.schema}".jobs SET state = 'succeeded', lease_token = NULL, lease_owner = NULL,
         lease_expires_at = NULL, finished_at = $2 WHERE id = $1`,
      [c.id, end],
    );
    expect((await store.attempts(job.id)).map((a) => [a.outcome, a.wallMs, a.workerId])).toEqual([['succeeded', 5, 'old-node']]);
    const finished = await store.finishedAttempts({ since: end - 1 });
    expect(finished.filter((a) => a.jobId === job.id).map((a) => a.outcome)).toEqual(['succeeded']);
  });
});
