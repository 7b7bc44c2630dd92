import type { Job } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';
import type { EnqueueResult, RescueResult, SettleResult, Store } from '../store/store.js';
import type { CoreboundMetrics } from './metrics.js';
import { traceEnqueue } from './tracing.js';

/** The Store methods that return a promise; only these are timed, so the `op` label is a closed set. */
const TIMED = new Set<string>([
  'migrate',
  'pendingMigrations',
  'ping',
  'enqueue',
  'claim',
  'heartbeat',
  'saveCheckpoint',
  'complete',
  'fail',
  'release',
  'settle',
  'cancel',
  'retry',
  'replayDead',
  'pauseQueue',
  'resumeQueue',
  'setQueueConfig',
  'queueConfigs',
  'createToken',
  'findToken',
  'revokeToken',
  'listTokens',
  'rescueExpired',
  'promoteDue',
  'nextDueAt',
  'prune',
  'get',
  'attempts',
  'list',
  'getResult',
  'resultQueues',
  'stats',
  'finishedAttempts',
]);

export interface InstrumentOptions {
  /** Called with the jobs of every successful claim (attempt spans and log contexts start here). */
  onClaim?(jobs: Job[]): void;
  /** Wrap enqueues in OpenTelemetry spans and store their context on the jobs. Default true (free without an SDK). */
  trace?: boolean;
}

/**
 * A measuring proxy over a Store: every operation's latency goes to
 * corebound_store_operation_seconds{op}, failures to corebound_store_errors_total,
 * and the operations that mean something to a queue feed the job counters:
 * enqueue → enqueued (created ones only), claim and settle (its ride-along
 * claim) → started, rescueExpired →
 * crashes{kind=lease_expired} and dead{reason=poison}.
 *
 * Give the node and the API the same wrapped store so both are measured.
 */
export function instrumentStore<S extends Store>(store: S, metrics: CoreboundMetrics, opts: InstrumentOptions = {}): S {
  const wrapped = new Map<string | symbol, unknown>();
  const trace = opts.trace !== false;

  const timed =
    (op: string, fn: (...args: any[]) => Promise<unknown>) =>
    async (...args: any[]): Promise<unknown> => {
      const end = metrics.storeSeconds.startTimer({ op });
      try {
        return await fn(...args);
      } catch (e) {
        metrics.storeErrors.inc({ op });
        throw e;
      } finally {
        end();
      }
    };

  const claimed = (jobs: Job[]) => {
    for (const j of jobs) metrics.started.inc({ queue: j.queue, task: j.task });
    if (jobs.length > 0) opts.onClaim?.(jobs);
  };

  const special: Record<string, (fn: (...args: any[]) => Promise<any>) => (...args: any[]) => Promise<unknown>> = {
    enqueue: (fn) => async (specs: EnqueueSpec[], eopts?: unknown) => {
      const run = (s: EnqueueSpec[]) => fn(s, eopts) as Promise<EnqueueResult[]>;
      const results = trace ? await traceEnqueue(specs, run) : await run(specs);
      for (const r of results) if (r.created) metrics.enqueued.inc({ queue: r.job.queue, task: r.job.task });
      return results;
    },
    claim: (fn) => async (req: unknown) => {
      const jobs = (await fn(req)) as Job[];
      claimed(jobs);
      return jobs;
    },
    // The runtime's hot path writes outcomes and claims the next jobs in one call.
    settle: (fn) => async (batch: unknown) => {
      const res = (await fn(batch)) as SettleResult;
      claimed(res.claimed);
      return res;
    },
    rescueExpired: (fn) => async () => {
      const rescued = (await fn()) as RescueResult[];
      if (rescued.length > 0) void countRescued(store, metrics, rescued);
      return rescued;
    },
  };

  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function' || !TIMED.has(prop)) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      let w = wrapped.get(prop);
      if (!w) {
        const bound = (value as (...a: unknown[]) => Promise<unknown>).bind(target);
        w = timed(prop, special[prop] ? special[prop](bound) : bound);
        wrapped.set(prop, w);
      }
      return w;
    },
  });
}

/** Rescues are rare (a crash each), so one read per rescued job to label it by queue and task is cheap. */
async function countRescued(store: Store, metrics: CoreboundMetrics, rescued: RescueResult[]): Promise<void> {
  for (const r of rescued) {
    const job = await store.get(r.id).catch(() => null);
    const labels = { queue: job?.queue ?? 'unknown', task: job?.task ?? 'unknown' };
    metrics.crashes.inc({ ...labels, kind: 'lease_expired' });
    if (r.state === 'dead') metrics.dead.inc({ ...labels, reason: 'poison' });
  }
}
