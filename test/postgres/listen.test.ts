import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { dropTestSchemas, terminateBackends, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

const QUIET = { pollMs: 600_000, safetyPollMs: 600_000 }; // no poll can stand in for NOTIFY

/** Two nodes on one schema; only the idle one's connections carry `appName`. */
async function pair(label: string) {
  const base = await testDatabaseUrl(label);
  const appName = `cb_${label}_${process.pid}`;
  const url = new URL(base);
  url.searchParams.set('application_name', appName);
  const idle = await openPostgresStore(url.toString(), QUIET);
  await idle.migrate();
  const producer = await openPostgresStore(base, QUIET);
  return { idle, producer, appName };
}

describe('postgres: LISTEN/NOTIFY wake-ups', () => {
  it('an idle node is woken by another node enqueueing, only at commit, and not by scheduled jobs', async () => {
    const { idle, producer } = await pair('listen');
    const tx = await producer.pool.connect();
    try {
      let woke = 0;
      const off = idle.onWake(() => woke++);
      await expect.poll(() => idle.wakeMode, { timeout: 10_000 }).toBe('listening');
      // Notifications arrive in commit order, so each wait below also proves
      // that nothing was delivered for the steps before it.
      const start = woke;
      await tx.query('BEGIN');
      await producer.enqueue([{ task: 't', input: 'in-tx' }], { client: tx });
      await producer.enqueue([{ task: 't', delayMs: 60_000 }]); // scheduled: no wake-up
      await producer.enqueue([{ task: 't' }]);
      await expect.poll(() => woke, { timeout: 10_000 }).toBe(start + 1);
      await tx.query('COMMIT');
      await expect.poll(() => woke, { timeout: 10_000 }).toBe(start + 2);
      off();
      expect(idle.wakeMode).toBe('off');
    } finally {
      tx.release();
      await idle.close();
      await producer.close();
    }
  });

  it('the listener reconnects after its backend is killed, and wakes again', async () => {
    const { idle, producer, appName } = await pair('relisten');
    try {
      let woke = 0;
      idle.onWake(() => woke++);
      await expect.poll(() => idle.wakeMode, { timeout: 10_000 }).toBe('listening');
      expect(await terminateBackends(appName)).toBeGreaterThan(0);
      await expect.poll(() => idle.wakeMode, { timeout: 10_000 }).not.toBe('listening');
      await expect.poll(() => idle.wakeMode, { timeout: 15_000 }).toBe('listening');
      const before = woke;
      await producer.enqueue([{ task: 't' }]);
      await expect.poll(() => woke, { timeout: 10_000 }).toBeGreaterThan(before);
    } finally {
      await idle.close();
      await producer.close();
    }
  });

  it('with listen=off (PgBouncer transaction mode) it polls instead', async () => {
    const url = new URL(await testDatabaseUrl('nolisten'));
    url.searchParams.set('listen', 'off');
    url.searchParams.set('poll', '50ms');
    const store = await openPostgresStore(url.toString());
    try {
      expect(store.capabilities.listenNotify).toBe(false);
      let woke = 0;
      const off = store.onWake(() => woke++);
      expect(store.wakeMode).toBe('polling');
      await expect.poll(() => woke, { timeout: 10_000 }).toBeGreaterThan(2);
      off();
    } finally {
      await store.close();
    }
  });
});
