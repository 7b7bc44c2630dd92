import { afterEach, expect, test } from 'vitest';
import type { AttemptEvent, Node } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { fixtureNode, memoryStore, waitFor } from './helpers.js';

let store: Store | undefined;
let node: Node | undefined;
afterEach(async () => {
  await node?.stop();
  await store?.close();
  node = store = undefined;
});

test('a node touches no job before startNode returns it, so every attempt can be observed', { timeout: 120_000 }, async () => {
  const s = await memoryStore();
  store = s;
  await s.enqueue(Array.from({ length: 20 }, (_, i) => ({ task: 'noop', input: { i } })));
  let returned = false;
  const early: string[] = [];
  for (const m of ['claim', 'settle'] as const) {
    const real = (s[m] as ((...a: unknown[]) => unknown) | undefined)?.bind(s);
    if (!real) continue;
    (s as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      if (!returned) early.push(m);
      return real(...a);
    };
  }
  // Threads boot one by one: the first ready used to claim while the others still booted.
  node = await fixtureNode(s, { workers: 3 });
  returned = true;
  const events: AttemptEvent[] = [];
  node.on('attempt', (e) => events.push(e));
  await waitFor(() => events.length === 20, '20 attempt events');
  expect(early).toEqual([]);
  expect(new Set(events.map((e) => e.job.id)).size).toBe(20);
  expect(events.every((e) => e.outcome === 'succeeded')).toBe(true);
});
