import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Node } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, fixtureNode, memoryStore, waitFor, waitForState } from './helpers.js';

/** The `sleep` processes this process started (the native-block task's synchronous spawn). */
function ourSleeps(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'sleep' && Number(m[2]) === process.pid) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

let store: Store | undefined;
let node: Node | undefined;
let dir = '';
afterEach(async () => {
  // Ends the native call, so the stuck thread (and this test worker) can exit.
  for (const pid of ourSleeps()) process.kill(pid, 'SIGKILL');
  await node?.stop();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  node = store = undefined;
});

describe('drain', { timeout: 120_000 }, () => {
  test('a thread stuck in a native call: its job is released, not left leased until the call returns', async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { workers: 1, abortGraceMs: 200 });
    dir = mkdtempSync(join(tmpdir(), 'corebound-native-'));
    const file = join(dir, 'started');
    const j = await enqueue(store, 'native-block', { s: 600, file });
    await waitFor(() => existsSync(file), 'the task to enter its native call');
    const drained = node.drain(0);
    // Without the bound the lease stays with the node for the call's ten minutes (the wait gives up first).
    const released = await waitForState(store, j.id, ['queued'], 30_000);
    expect(released.attempt).toBe(1);
    expect(released.crashes).toBe(0);
    await drained;
    expect(node.stats().counts).toMatchObject({ released: 1, succeeded: 0 });
    expect(ourSleeps()).toHaveLength(1); // the call still runs: released without waiting for it
  });
});
