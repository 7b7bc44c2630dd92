import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Node } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { enqueue, fixtureNode, memoryStore, waitFor, waitForState } from './helpers.js';

/** isolation: 'process' — a child process per worker, SIGKILLed when a thread terminate would not be enough. */
describe("isolation: 'process'", { timeout: 120_000 }, () => {
  let store: Store;
  let node: Node;
  beforeAll(async () => {
    store = await memoryStore();
    node = await fixtureNode(store, { isolation: 'process', workers: 1 });
  });
  afterAll(async () => {
    await node?.stop();
    await store?.close();
  });

  test('runs tasks and measures them like a thread does', async () => {
    const j = await enqueue(store, 'burn', { ms: 100 });
    await waitForState(store, j.id, ['succeeded']);
    const [a] = await store.attempts(j.id);
    expect(a.cpuMs).toBeGreaterThanOrEqual(100);
  });

  test('a timeout interrupts a task blocked in native code (a thread terminate would wait 40 s)', async () => {
    const j = await enqueue(store, 'native-block', { s: 40 }, { timeoutMs: 500, maxAttempts: 1 });
    const done = await waitForState(store, j.id, ['dead', 'succeeded'], 90_000);
    expect(done.state).toBe('dead');
    expect(done.lastError?.code).toBe('CB_TASK_TIMEOUT');
    // Killed mid-call: with a thread, the attempt could only end after the 40 s call returned.
    const [a] = await store.attempts(j.id);
    expect(a.wallMs).toBeLessThan(40_000);
  });

  test('a Ctrl-C or stop signal sent to the whole process group leaves the running job to the node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corebound-pid-'));
    try {
      const file = join(dir, 'pid');
      const j = await enqueue(store, 'pid', { file, ms: 1500 }, { maxCrashes: 1 });
      await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').length > 0, 'the task to start');
      const pid = Number(readFileSync(file, 'utf8'));
      expect(pid).not.toBe(process.pid);
      process.kill(pid, 'SIGINT');
      process.kill(pid, 'SIGTERM');
      const done = await waitForState(store, j.id, ['succeeded', 'dead']);
      expect(done).toMatchObject({ state: 'succeeded', crashes: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('exit and out-of-memory end the child, not the node', async () => {
    const exit = await enqueue(store, 'exit', null, { maxCrashes: 1 });
    expect((await waitForState(store, exit.id, ['dead'])).lastError?.code).toBe('CB_TASK_CRASH');
    const oom = await enqueue(store, 'oom', null, { maxCrashes: 1 });
    expect((await waitForState(store, oom.id, ['dead'])).lastError?.code).toBe('CB_TASK_OOM');
    const next = await enqueue(store, 'noop');
    await waitForState(store, next.id, ['succeeded']);
  });
});
