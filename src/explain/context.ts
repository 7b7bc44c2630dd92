import type { Job } from '../core/job.js';
import { attemptWallMs } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import type { NodeStatsSource, QueueSnapshotSource } from '../telemetry/metrics.js';
import type { ExplainContext } from './estimate.js';

export interface GatherOptions {
  now: number;
  /** The shared snapshot; without it (the CLI) one store.stats() is taken. */
  monitor?: QueueSnapshotSource;
  node?: NodeStatsSource;
  /** Stop counting jobs ahead past this many (then "at least N"). Default 2,000. */
  aheadCap?: number;
  /** How far back attempts are read to measure the task's service time. Default 1 hour. */
  serviceWindowMs?: number;
}

const PAGE = 500;

/**
 * Reads what `explain` needs about a job's surroundings. Only for a job
 * that waits does it look further than the snapshot: its position (a
 * bounded walk over the queue's queued jobs, through the public list()) and
 * the task's recent attempt times (one bounded finishedAttempts read).
 */
export async function gatherExplainContext(store: Store, job: Job, opts: GatherOptions): Promise<ExplainContext> {
  const ctx: ExplainContext = { now: opts.now };
  const waiting = job.state === 'queued' || job.state === 'scheduled' || job.state === 'retrying';
  if (!waiting && job.state !== 'running') return ctx;

  const view = opts.monitor
    ? opts.monitor.views().find((v) => v.queue === job.queue)
    : (await store.stats()).map((s) => ({
        queue: s.queue,
        paused: s.paused,
        depth: (s.counts.queued ?? 0) + (s.counts.scheduled ?? 0) + (s.counts.retrying ?? 0),
        running: s.counts.running ?? 0,
        counts: s.counts as Record<string, number>,
        drainPerSec: 0,
      })).find((v) => v.queue === job.queue);
  ctx.queue = view
    ? { paused: view.paused, depth: view.depth, queued: view.counts.queued ?? 0, running: view.running, drainPerSec: view.drainPerSec }
    : null;
  const stats = opts.node?.stats();
  if (stats) ctx.workers = { total: stats.workers, busy: stats.busy };

  const since = opts.now - (opts.serviceWindowMs ?? 3_600_000);
  const recent = await store.finishedAttempts({ since, task: job.task, limit: 1000 });
  const walls = recent.filter((a) => a.outcome === 'succeeded').map(attemptWallMs).filter((w) => w > 0);
  ctx.service = walls.length ? { meanMs: walls.reduce((s, w) => s + w, 0) / walls.length, samples: walls.length } : null;

  if (job.state === 'queued') ctx.ahead = await countAhead(store, job, opts.aheadCap ?? 2000);
  return ctx;
}

const before = (a: Job, b: Job) =>
  a.priority !== b.priority ? a.priority < b.priority : a.runAt !== b.runAt ? a.runAt < b.runAt : a.id < b.id;

/**
 * Queued jobs of the same queue that the claim order (priority, runAt, id)
 * puts first, through the public list() (newest first, by id). Older jobs
 * are walked first, from this job's id down: at equal priority they are the
 * ones ahead. Then newer jobs, down to this job's id, for those that jumped
 * the line with a lower priority number. Each walk stops after `cap` rows and
 * the answer becomes "at least count".
 */
export async function countAhead(store: Pick<Store, 'list'>, job: Job, cap: number): Promise<{ count: number; capped: boolean }> {
  let count = 0;
  let capped = false;
  const walk = async (cursor: number | undefined, stopAtOwnId: boolean) => {
    let scanned = 0;
    for (;;) {
      const page = await store.list({ state: 'queued', queue: job.queue, cursor, limit: Math.min(PAGE, cap) });
      for (const other of page.jobs) {
        if (stopAtOwnId && other.id <= job.id) return;
        scanned++;
        if (other.id !== job.id && before(other, job)) count++;
      }
      if (page.nextCursor === null) return;
      if (scanned >= cap) {
        capped = true;
        return;
      }
      cursor = page.nextCursor;
    }
  };
  await walk(job.id, false);
  await walk(undefined, true);
  return { count, capped };
}
