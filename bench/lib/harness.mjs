import { summarize, prng, rate } from './stats.mjs';
import { beforeDeadline, nowMs, sleep, waitUntil, within } from './time.mjs';

/**
 * The shape every queue system is driven through (BullMQ, graphile-worker,
 * pg-boss, and corebound once its adapter is written; see adapters/README.md).
 *
 * @typedef {object} WorkerOptions
 * @property {'noop' | 'burn'} task  a task in lib/tasks.mjs; adapters that run
 *   jobs in threads load it there (plain ESM). Every payload also carries its
 *   task name as `payload.task`, for runners that only see the payload.
 * @property {number} [concurrency]  override of the adapter's own setting
 * @property {(payload: object, result: {startedAt: number}) => void} onResult
 *   call once per finished job, with the job's payload and the task's result
 *
 * @typedef {object} QueueAdapter
 * @property {string} name
 * @property {Record<string, unknown>} config  printed and recorded as-is
 * @property {string[]} [skip]  measurement names this adapter does not take part in
 * @property {() => Promise<void>} setup  connect; state starts empty
 * @property {() => Promise<void>} reset  delete every job of every queue
 * @property {(queue: string, payload: object) => Promise<void>} enqueueOne
 * @property {(queue: string, payloads: object[]) => Promise<void>} enqueueMany  bulk load, untimed
 * @property {() => Promise<void>} [afterLoad]  e.g. ANALYZE after a bulk load
 * @property {(queue: string, opts: WorkerOptions) => Promise<void>} startWorkers
 * @property {() => Promise<void>} stopWorkers
 * @property {(queue: string) => Promise<number>} remaining  jobs of `queue` not yet durably finished
 * @property {() => Promise<void>} teardown  close everything and remove what setup created
 */

const STOP_TIMEOUT_MS = 20_000;

async function stopWorkers(adapter) {
  try {
    await within(adapter.stopWorkers(), STOP_TIMEOUT_MS, `${adapter.name} stopWorkers`);
  } catch (err) {
    console.error(`  ! ${adapter.name}: ${err.message}`);
  }
}

/** Loads `count` payloads in chunks so 200,000 jobs never sit in one array. */
async function load(adapter, queue, count, makePayload, chunk = 5000) {
  for (let i = 0; i < count; i += chunk) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + chunk); j++) batch.push(makePayload(j));
    await adapter.enqueueMany(queue, batch);
  }
}

/** Fills another queue with `count` jobs that the measured workers never consume. */
export async function loadBacklog(adapter, queue, count, task = 'noop') {
  const t0 = nowMs();
  await load(adapter, queue, count, (i) => ({ task, i }));
  if (adapter.afterLoad) await adapter.afterLoad();
  return nowMs() - t0;
}

/**
 * Drain: starts the workers, runs one warm-up job through them (so connection
 * setup, thread start and first fetch are not timed), then commits all n jobs
 * in one bulk call and times from its return (or the first job's start, if
 * earlier) until the store shows none left: completions durable, not just
 * handlers returned. `fresh: false` keeps what is already stored (a backlog).
 */
export async function measureDrain(adapter, opts) {
  const { queue, n, task, makePayload = (i) => ({ i }), concurrency, deadlineMs, fresh = true } = opts;
  if (fresh) await adapter.reset();
  const payloads = Array.from({ length: n }, (_, i) => ({ task, ...makePayload(i) }));

  let done = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let warmedUp;
  const warm = new Promise((resolve) => {
    warmedUp = resolve;
  });
  let resolveAll;
  const all = new Promise((resolve) => {
    resolveAll = resolve;
  });
  const onResult = (payload, result) => {
    if (payload.warmup) return warmedUp();
    done++;
    if (result?.startedAt < firstStart) firstStart = result.startedAt;
    if (done >= n) resolveAll();
  };
  const tStart = nowMs();
  const deadline = tStart + deadlineMs;
  await adapter.startWorkers(queue, { task, concurrency, onResult });
  await adapter.enqueueOne(queue, { task, ...makePayload(-1), warmup: true });
  let finished = await beforeDeadline(warm, deadline);
  const warmupMs = nowMs() - tStart;
  let t0 = Number.NaN;
  let loadMs = Number.NaN;
  if (finished) {
    const tBulk = nowMs();
    await adapter.enqueueMany(queue, payloads);
    loadMs = nowMs() - tBulk;
    t0 = Math.min(nowMs(), firstStart);
    finished = await beforeDeadline(all, deadline);
  }
  if (finished) finished = await waitUntil(async () => (await adapter.remaining(queue)) === 0, deadline);
  const tEnd = nowMs();
  await stopWorkers(adapter);
  const elapsedMs = tEnd - (Number.isFinite(t0) ? t0 : tStart);
  return {
    n,
    done,
    timedOut: !finished,
    elapsedMs,
    rate: rate(finished ? n : done, elapsedMs),
    warmupMs,
    bulkLoadMs: loadMs,
  };
}

/** n single-job enqueues, `inFlight` outstanding at a time, no workers running. */
export async function measureEnqueue(adapter, { queue, n, inFlight = 10, deadlineMs }) {
  await adapter.reset();
  const latencies = [];
  let issued = 0;
  const t0 = nowMs();
  const deadline = t0 + deadlineMs;
  const lane = async () => {
    while (issued < n && nowMs() < deadline) {
      const seq = issued++;
      const ts = nowMs();
      await adapter.enqueueOne(queue, { task: 'noop', seq, enqueuedAt: ts });
      latencies.push(nowMs() - ts);
    }
  };
  const lanes = Promise.all(Array.from({ length: inFlight }, lane));
  const finished = await beforeDeadline(lanes, deadline + 10_000);
  const elapsedMs = nowMs() - t0;
  const done = latencies.length;
  return {
    n,
    done,
    inFlight,
    timedOut: !finished || done < n,
    elapsedMs,
    rate: rate(done, elapsedMs),
    callMs: summarize(latencies),
  };
}

/**
 * Enqueue-to-start on an idle worker: one job at a time, each enqueued after a
 * random pause (0..gapMaxMs) once the previous one has started, so arrivals do
 * not line up with a polling loop's phase. Latency = task start - enqueue call.
 */
export async function measureLatency(adapter, opts) {
  const { queue, n, warmup = 5, gapMaxMs = 100, deadlineMs, concurrency, seed = 42 } = opts;
  await adapter.reset();
  const waiters = new Map();
  const onResult = (payload, result) => waiters.get(payload.seq)?.(result);
  const t0 = nowMs();
  const deadline = t0 + deadlineMs;
  await adapter.startWorkers(queue, { task: 'noop', concurrency, onResult });
  const random = prng(seed);
  const samples = [];
  let timedOut = false;
  for (let seq = -warmup; seq < n; seq++) {
    await sleep(random() * gapMaxMs);
    const started = new Promise((resolve) => waiters.set(seq, resolve));
    const enqueuedAt = nowMs();
    await adapter.enqueueOne(queue, { task: 'noop', seq, enqueuedAt });
    let result;
    const ok = await beforeDeadline(
      started.then((r) => {
        result = r;
      }),
      deadline,
    );
    waiters.delete(seq);
    if (!ok) {
      timedOut = true;
      break;
    }
    if (seq >= 0) samples.push(result.startedAt - enqueuedAt);
  }
  await stopWorkers(adapter);
  return { n, done: samples.length, timedOut, gapMaxMs, elapsedMs: nowMs() - t0, latencyMs: summarize(samples) };
}
