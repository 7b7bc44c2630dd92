import type { FastifyPluginAsync } from 'fastify';
import { Gauge } from 'prom-client';
import type { Clock } from '../core/clock.js';
import { parseDuration } from '../core/duration.js';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { measureArrivalRate, measureService } from '../cost/history.js';
import { type ScalingSignal, scalingSignal } from '../cost/scaling.js';
import type { Store } from '../store/store.js';
import type { QueueMonitor } from '../http/admission.js';
import type { RouteAuth } from './metrics-http.js';
import type { CoreboundMetrics, NodeStatsSource } from './metrics.js';

export interface ScalingRouteOptions {
  auth: RouteAuth;
  monitor: QueueMonitor;
  store: Store;
  clock: Clock;
  metrics: CoreboundMetrics;
  node?: NodeStatsSource;
  /** Wait target the recommendation is sized for (default 30 s at p95; per request: ?waitSlo=&percentile=). */
  waitSloMs?: number;
  percentile?: number;
  /** History behind the measured arrival rate and service time (default 15 min). */
  windowMs?: number;
}

const CACHE_MS = 10_000;

/**
 * GET /v1/scaling?queue=a,b&workers=N&waitSlo=30s&percentile=0.95 — the
 * autoscaling signal (src/cost/scaling.ts): backlog per worker counting
 * in-flight jobs, and the recommended worker count for the wait target.
 * Queue counts come from the shared snapshot; arrival rate and service time
 * from finished attempts, read at most every 10 s. `workers` defaults to this
 * process's node; an API-only process should be told the fleet size.
 * Also exported as gauges corebound_scaling_recommended_workers and
 * corebound_scaling_backlog_per_worker (all queues, default SLO).
 */
export const scalingRoutes: FastifyPluginAsync<ScalingRouteOptions> = async (app, opts) => {
  const windowMs = opts.windowMs ?? 15 * 60_000;
  let cached: { at: number; arrivalPerSec: number | null; service: { meanMs: number; cv: number } | null } | null = null;

  const measured = async () => {
    const now = opts.clock.now();
    if (cached && now - cached.at < CACHE_MS) return cached;
    const attempts = await opts.store.finishedAttempts({ since: now - windowMs, limit: 50_000 });
    let service: { meanMs: number; cv: number } | null = null;
    try {
      const s = measureService(attempts, 'the recent window');
      service = { meanMs: s.meanMs, cv: s.cv };
    } catch {
      service = null; // no history yet: the signal says so in `reason`
    }
    const arrivalPerSec = attempts.length ? measureArrivalRate(attempts, { since: now - windowMs, until: now }) : null;
    cached = { at: now, arrivalPerSec, service };
    return cached;
  };

  const signal = async (q: { queue?: string; workers?: number; waitSloMs?: number; percentile?: number }): Promise<ScalingSignal> => {
    const m = await measured();
    return scalingSignal({
      stats: opts.monitor.views().map((v) => ({ queue: v.queue, counts: v.counts as never })),
      queues: q.queue ? q.queue.split(',') : undefined,
      workers: q.workers ?? opts.node?.stats().workers ?? 0,
      arrivalPerSec: m.arrivalPerSec,
      service: m.service,
      waitSloMs: q.waitSloMs ?? opts.waitSloMs ?? 30_000,
      percentile: q.percentile ?? opts.percentile ?? 0.95,
    });
  };

  let last: ScalingSignal | null = null;
  const refresh = () => {
    void signal({}).then(
      (s) => {
        last = s;
      },
      () => {},
    );
  };
  const registers = [opts.metrics.registry];
  new Gauge({
    name: 'corebound_scaling_recommended_workers',
    help: 'Workers the planner recommends for the measured load and the default wait SLO (all queues)',
    registers,
    collect() {
      refresh();
      if (last?.recommendedWorkers !== null && last?.recommendedWorkers !== undefined) this.set(last.recommendedWorkers);
    },
  });
  new Gauge({
    name: 'corebound_scaling_backlog_per_worker',
    help: '(queued + running) / workers over all queues; never 0 while work is in flight',
    registers,
    collect() {
      refresh();
      if (last) this.set(last.backlogPerWorker);
    },
  });

  app.get('/v1/scaling', async (req, reply) => {
    await opts.auth.authorize(req.headers.authorization, 'read');
    const q = req.query as Record<string, unknown>;
    for (const [k, v] of Object.entries(q)) {
      // A repeated key arrives as an array.
      if (typeof v !== 'string') throw new CoreboundError(ErrorCodes.INVALID_INPUT, `give ${k} once`);
    }
    const workers = q.workers === undefined ? undefined : Number(q.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 1_000_000)) {
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, 'workers must be an integer from 0 to 1000000');
    }
    const percentile = q.percentile === undefined ? undefined : Number(q.percentile);
    if (percentile !== undefined && !(percentile > 0 && percentile < 1)) {
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, 'percentile must be between 0 and 1, e.g. 0.95');
    }
    let waitSloMs: number | undefined;
    try {
      waitSloMs = q.waitSlo === undefined ? undefined : parseDuration(q.waitSlo as string, 'waitSlo');
    } catch (e) {
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, (e as Error).message);
    }
    const s = await signal({ queue: q.queue as string | undefined, workers, waitSloMs, percentile });
    last = q.queue || workers !== undefined || waitSloMs !== undefined || percentile !== undefined ? last : s;
    reply.header('cache-control', 'no-store');
    return s;
  });
};
