import type Database from 'better-sqlite3';
import { JobStates, isFinal } from '../../core/job.js';
import { statsAccumulator } from '../rows.js';
import { type QueueConfig, type QueueStats, STATS_COUNT_CAP, type StatsOptions } from '../store.js';
import type { StatementName } from './statements.js';

type Row = Record<string, unknown>;

/**
 * Per-queue counts, each from the index that holds its state and stopping at
 * its cap, and each queue's oldest queued job from one seek per (queue,
 * priority) group: nothing here walks the backlog beyond the caps.
 */
export function queueStats(st: (name: StatementName) => Database.Statement, opts: StatsOptions, configs: QueueConfig[]): QueueStats[] {
  const cap = opts.cap ?? STATS_COUNT_CAP;
  const finishedCap = opts.finishedCap ?? cap;
  const { entry, sorted } = statsAccumulator();
  for (const r of st('distinctQueues').all() as Row[]) {
    const s = entry(r.queue as string);
    for (const state of JobStates) {
      const name = state === 'queued' ? 'countQueued' : state === 'running' ? 'countRunning' : 'countCapped';
      const args =
        name === 'countCapped' ? { queue: s.queue, state, cap: isFinal(state) ? finishedCap : cap } : { queue: s.queue, cap };
      s.counts[state] = Number((st(name).get(args) as Row).n);
    }
  }
  const next = st('nextQueuedGroup');
  const after = (r: Row | undefined) => (r ? { queue: r.queue, priority: r.priority } : { queue: '', priority: Number.NEGATIVE_INFINITY });
  for (let r = next.get(after(undefined)) as Row | undefined; r; r = next.get(after(r)) as Row | undefined) {
    const s = entry(r.queue as string);
    s.oldestQueuedAt = Math.min(s.oldestQueuedAt ?? Number.POSITIVE_INFINITY, Number(r.run_at));
  }
  for (const q of configs) entry(q.queue).paused = q.paused;
  return sorted();
}
