import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PgLeader, type PgLeaderOptions } from '../../src/maintenance/leader-pg.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { baseDatabaseUrl, dropTestSchemas, terminateBackends, testDatabaseUrl } from '../support/postgres.js';

afterAll(dropTestSchemas);

const RETRY = 200;
const leaders = (...ls: PgLeader[]) => ls.filter((l) => l.isLeader()).length;

describe('postgres: maintenance leader election', () => {
  it('exactly one node leads; a stopped leader hands over, a killed connection steps down', async () => {
    const url = await testDatabaseUrl('leader');
    const tag = `${process.pid}_${Date.now()}`;
    const changes: string[] = [];
    const make = (name: string, o: PgLeaderOptions = {}) =>
      new PgLeader(url, {
        retryMs: RETRY,
        applicationName: `cb_leader_${name}_${tag}`,
        onChange: (v) => changes.push(`${name}:${v}`),
        ...o,
      });
    const a = make('a');
    const b = make('b');
    const c = make('c');
    try {
      await a.start();
      await b.start();
      await c.start();
      expect([a.isLeader(), b.isLeader(), c.isLeader()]).toEqual([true, false, false]);
      // Followers keep trying but never take a held lock.
      await new Promise((r) => setTimeout(r, RETRY * 3));
      expect([a.isLeader(), b.isLeader(), c.isLeader()]).toEqual([true, false, false]);
      expect(changes).toEqual(['a:true']); // the leader's own re-checks never flap

      // Graceful: the leader stops (unlocks); a follower takes over at its next try.
      await a.stop();
      expect(a.isLeader()).toBe(false);
      await expect.poll(() => leaders(b, c), { timeout: 10_000 }).toBe(1);
      const [cur, other] = b.isLeader() ? [b, c] : [c, b];
      const curName = cur === b ? 'b' : 'c';

      // The leader's backend is killed: it steps down at once (the lock went
      // with the session); then exactly one node leads again.
      changes.length = 0;
      expect(await terminateBackends(`cb_leader_${curName}_${tag}`)).toBe(1);
      await expect.poll(() => changes[0], { timeout: 10_000 }).toBe(`${curName}:false`);
      await expect.poll(() => leaders(cur, other), { timeout: 10_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, RETRY * 3));
      expect(leaders(cur, other)).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('when the leader process is SIGKILLed, a follower takes over within seconds', async () => {
    const url = await testDatabaseUrl('leaderkill');
    const fixture = fileURLToPath(new URL('./fixtures/leader-node.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const follower = new PgLeader(url, { retryMs: RETRY });
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toContain('leader');
      await follower.start();
      expect(follower.isLeader()).toBe(false);
      child.kill('SIGKILL');
      await expect.poll(() => follower.isLeader(), { timeout: 10_000 }).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await follower.stop();
    }
  });

  it('a leader made for a store campaigns in that store\'s schema', async () => {
    const url = await testDatabaseUrl('leaderstore');
    const store = await openPostgresStore(url);
    const viaStore = PgLeader.forStore(store, { retryMs: RETRY });
    const viaUrl = new PgLeader(url, { retryMs: RETRY });
    try {
      await viaStore.start();
      await viaUrl.start();
      expect([viaStore.isLeader(), viaUrl.isLeader()]).toEqual([true, false]);
    } finally {
      await Promise.all([viaStore.stop(), viaUrl.stop(), store.close()]);
    }
  });

  it('elects one leader per schema', async () => {
    const base = await baseDatabaseUrl();
    const one = new PgLeader(await testDatabaseUrl('lead1'), { retryMs: RETRY });
    const two = new PgLeader(await testDatabaseUrl('lead2'), { retryMs: RETRY });
    const explicit = new PgLeader(base, { retryMs: RETRY, schema: `lead3_${process.pid}` });
    try {
      await Promise.all([one.start(), two.start(), explicit.start()]);
      expect([one.isLeader(), two.isLeader(), explicit.isLeader()]).toEqual([true, true, true]);
    } finally {
      await Promise.all([one.stop(), two.stop(), explicit.stop()]);
    }
  });
});
