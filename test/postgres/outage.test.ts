import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysLeader } from '../../src/maintenance/leader.js';
import type { Node } from '../../src/runtime/supervisor.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, fixtureNode, waitFor, waitForState } from '../runtime/helpers.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../support/postgres-server.js';

/**
 * A node through a database outage several leases long (issue 4: "running
 * jobs keep running, and their completions are written once the database is
 * back"). A server of its own, restarted here, so no other file sees it go.
 */
let server: EmbeddedServer;
let store: Store;
let node: Node | undefined;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ restartable: true });
  store = await openPostgresStore(`${server.url}?schema=outage`, { connectTimeoutMs: 2_000 });
  await store.migrate();
}, 120_000);

afterAll(async () => {
  await node?.stop();
  await store?.close();
  await server?.stop();
}, 60_000);

describe('postgres: a node through an outage longer than its lease', () => {
  it('keeps the job that runs through it and the one that finished during it: one attempt each, no crash', async () => {
    const LEASE_MS = 2000;
    // The node leads maintenance and rescues every 100 ms: without a grace after the outage it would rescue
    // both jobs (their leases lapsed while nothing could be renewed) before the node renewed or wrote them.
    node = await fixtureNode(store, { leaseMs: LEASE_MS, leader: alwaysLeader, maintenance: { rescueEveryMs: 100 } });
    const through = await enqueue(store, 'wait', { ms: 12_000 });
    const during = await enqueue(store, 'wait', { ms: 3_000 });
    await waitFor(async () => (await store.stats()).some((q) => q.counts.running === 2), 'both jobs running');

    const downAt = Date.now();
    await server.down();
    // `during` finishes while the database is down; its completion waits in the node.
    await waitFor(() => node?.stats().unwritten === 1, 'the finished job to wait for the database');
    await sleep(Math.max(0, downAt + 3 * LEASE_MS - Date.now()));
    await server.up();

    for (const job of [during, through]) {
      const done = await waitForState(store, job.id, ['succeeded', 'retrying', 'dead', 'queued'], 60_000);
      expect(done.state).toBe('succeeded');
      expect(done.attempt).toBe(1);
      expect(done.crashes).toBe(0);
      expect(await store.attempts(job.id)).toMatchObject([{ outcome: 'succeeded' }]);
    }
    const { counts } = node.stats();
    expect(counts).toMatchObject({ succeeded: 2, lost: 0, stale: 0 });
  }, 120_000);
});
