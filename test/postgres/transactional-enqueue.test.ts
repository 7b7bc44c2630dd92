import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js';
import { baseDatabaseUrl, dropTestSchemas, schemaOf, testDatabaseUrl } from '../support/postgres.js';

/**
 * An application that already uses PostgreSQL enqueues inside its own
 * transaction: the job exists if and only if the application's write commits.
 */
describe('postgres: transactional enqueue', () => {
  let store: PostgresStore;
  let app: pg.Pool;
  let orders: string;

  beforeAll(async () => {
    const url = await testDatabaseUrl('txenq');
    store = await openPostgresStore(url);
    await store.migrate();
    app = new pg.Pool({ connectionString: await baseDatabaseUrl(), max: 2 });
    orders = `"${schemaOf(url)}".app_orders`;
    await app.query(`CREATE TABLE ${orders} (id serial PRIMARY KEY, item text NOT NULL)`);
  });
  afterAll(async () => {
    await store?.close();
    await app?.end();
    await dropTestSchemas();
  });

  async function inTransaction(item: string, end: 'COMMIT' | 'ROLLBACK') {
    const client = await app.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${orders} (item) VALUES ($1)`, [item]);
      const [r] = await store.enqueue([{ task: 'ship', input: { item } }], { client });
      // Not committed yet: invisible to everyone else, so no node can claim it.
      expect(await store.get(r.job.id)).toBeNull();
      expect(await store.claim({ workerId: 'w', limit: 10, leaseMs: 10_000, queues: ['ship'] })).toEqual([]);
      await client.query(end);
      return r.job.id;
    } finally {
      client.release();
    }
  }

  it('a committed transaction leaves both the row and the job', async () => {
    const id = await inTransaction('book', 'COMMIT');
    expect(await store.get(id)).toMatchObject({ state: 'queued', input: { item: 'book' } });
    const [claimed] = await store.claim({ workerId: 'w', limit: 10, leaseMs: 10_000, queues: ['ship'] });
    expect(claimed.id).toBe(id);
    expect((await app.query(`SELECT count(*)::int AS n FROM ${orders} WHERE item = 'book'`)).rows[0].n).toBe(1);
  });

  it('a rolled-back transaction leaves neither', async () => {
    const id = await inTransaction('lamp', 'ROLLBACK');
    expect(await store.get(id)).toBeNull();
    expect((await store.list({ queue: 'ship', state: 'queued' })).jobs).toEqual([]);
    expect((await app.query(`SELECT count(*)::int AS n FROM ${orders} WHERE item = 'lamp'`)).rows[0].n).toBe(0);
  });

  it('an idempotency key works inside the transaction too', async () => {
    const client = await app.connect();
    try {
      await client.query('BEGIN');
      const [a] = await store.enqueue([{ task: 'ship', key: 'order-7' }], { client });
      const [b] = await store.enqueue([{ task: 'ship', key: 'order-7' }], { client });
      await client.query('COMMIT');
      expect(a.created).toBe(true);
      expect(b).toMatchObject({ created: false, job: { id: a.job.id } });
    } finally {
      client.release();
    }
  });

  it('rejects something that is not a pg client', async () => {
    await expect(store.enqueue([{ task: 'ship' }], { client: {} })).rejects.toMatchObject({ code: 'CB_INVALID_OPTION' });
  });
});
