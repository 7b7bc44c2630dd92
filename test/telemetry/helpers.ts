import { Writable } from 'node:stream';
import type { Registry } from 'prom-client';
import { fileURLToPath } from 'node:url';
import type { TaskCatalog } from '../../src/core/task.js';
import { loadTasks } from '../../src/runtime/load-tasks.js';
import { startNode } from '../../src/runtime/start-node.js';
import type { Node, NodeOptions } from '../../src/runtime/supervisor.js';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../runtime/helpers.js';

export { waitFor };

/** Sum of a metric's samples whose labels include `labels` (for a histogram, give the sample name, e.g. x_count). */
export async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const family = name.replace(/_(count|sum|bucket)$/, '');
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name || x.name === family);
  if (!m) throw new Error(`no metric ${name}`);
  let sum = 0;
  for (const v of m.values as { labels: Record<string, string | number>; value: number; metricName?: string }[]) {
    if ((v.metricName ?? m.name) !== name) continue;
    if (Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)) sum += v.value;
  }
  return sum;
}

/** A destination for pino that keeps every line, parsed when it is JSON. */
export function captureLines(opts: { tty?: boolean } = {}) {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
      cb();
    },
  }) as Writable & { isTTY?: boolean };
  if (opts.tty) stream.isTTY = true;
  return {
    stream,
    lines,
    json: () => lines.map((l) => JSON.parse(l) as Record<string, any>),
  };
}

const SHARED = fileURLToPath(new URL('../fixtures/tasks/', import.meta.url));
const OWN = fileURLToPath(new URL('./fixtures/tasks/', import.meta.url));
let catalog: TaskCatalog | null = null;

/** The shared fixture tasks (test/fixtures/tasks) plus this suite's own (logs, flaky). */
export async function tasks(): Promise<TaskCatalog> {
  catalog ??= new Map([...(await loadTasks(SHARED)), ...(await loadTasks(OWN))]);
  return catalog;
}

/** A real node (worker threads) over the fixture tasks, with fast maintenance for retries. */
export async function testNode(store: Store, opts: Partial<NodeOptions> = {}): Promise<Node> {
  return startNode({
    store,
    tasks: await tasks(),
    workers: 2,
    maxOldGenerationSizeMb: 64,
    abortGraceMs: 500,
    maintenance: { promoteEveryMs: 50, rescueEveryMs: 200 },
    ...opts,
  });
}


/** Waits until every job is in a final state. */
export function waitFinal(store: Store, ids: number[], timeoutMs?: number) {
  return waitFor(
    async () => {
      const jobs = await Promise.all(ids.map((id) => store.get(id)));
      return jobs.every((j) => j && ['succeeded', 'dead', 'cancelled'].includes(j.state)) ? jobs : null;
    },
    `jobs ${ids.join(',')} to finish`,
    timeoutMs,
  );
}
