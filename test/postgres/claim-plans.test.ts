import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { dropTestSchemas, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

/**
 * Claims must be planned with their actual LIMIT at every execution: as named
 * prepared statements PostgreSQL moved them to a generic plan that scanned and
 * sorted the queue (sql/claim.ts). Named statements show up in the session's
 * pg_prepared_statements; with a pool of one connection, that session is the
 * store's only one.
 */
describe('postgres: claim statements are not server-side prepared', () => {
  it('claim and settle run unnamed; other statements stay prepared', async () => {
    const store = await openPostgresStore(await testDatabaseUrl('plans'), { poolMax: 1 });
    try {
      await store.migrate();
      await store.enqueue(Array.from({ length: 20 }, () => ({ task: 't' })));
      for (let i = 0; i < 7; i++) {
        const [j] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] });
        const r = await store.settle({ complete: [{ id: j.id, token: j.leaseToken as number }], claim: { workerId: 'w', limit: 1, leaseMs: 60_000, queues: ['t'] } });
        await store.complete(r.claimed.map((c) => ({ id: c.id, token: c.leaseToken as number })));
      }
      const pool = (store as unknown as { pool: { query(q: string): Promise<{ rows: { name: string }[] }> } }).pool;
      const names = (await pool.query('SELECT name FROM pg_prepared_statements')).rows.map((r) => r.name);
      expect(names.some((n) => n.startsWith('cb_complete'))).toBe(true);
      expect(names.filter((n) => /claim|settle/.test(n))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
