/**
 * Does the planner predict real waits? Poisson arrivals at a known rate,
 * exponential CPU-bound service with a known mean, a real node with `c`
 * workers on durable SQLite; compare the measured wait at the percentile with
 * the planner's M/M/c prediction for the same c. Target: within 20%.
 *   node --import tsx bench/planner-validation.ts [--jobs 4000] [--service-ms 50] [--utilization 0.7] [--percentile 0.95]
 *
 * The planner is given what an operator would give it: the arrival rate and
 * the service time the queue sees, i.e. the task's time plus the node's
 * per-job hand-off (measured first, with constant-length jobs at
 * saturation). The run's measured waits are also replayed through an ideal
 * first-come-first-served c-server queue with the same arrival times and
 * service times: that separates the finite sample's own luck (replay vs.
 * formula) from the node's behaviour (measured vs. replay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/cost/planner.js';
import { startNode } from '../src/runtime/start-node.js';
import { openStore } from '../src/store/open.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const jobs = arg('jobs', 4000);
const serviceMs = arg('service-ms', 50);
const rho = arg('utilization', 0.7);
const percentile = arg('percentile', 0.95);
const workers = arg('workers', availableParallelism());
const lambda = (rho * workers) / (serviceMs / 1000);

// A seeded generator keeps runs comparable.
let seed = arg('seed', 12345);
const uniform = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed + 0.5) / 4294967296;
};
const exp = (mean: number) => -Math.log(uniform()) * mean;
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const quantile = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

interface Rec {
  arrival: number;
  serviceMs: number;
  waitMs: number;
}
const dir = mkdtempSync(join(tmpdir(), 'cb-plan-'));
const store = await openStore(`sqlite:${join(dir, 'plan.db')}`);
const node = await startNode({ store, tasksDir: fileURLToPath(new URL('./tasks', import.meta.url)), workers });
let recs: Rec[] = [];
node.on('attempt', (e: { outcome: string; job: { runAt: number }; metrics: { waitMs?: number; wallMs?: number } }) => {
  if (e.outcome !== 'succeeded') return;
  recs.push({ arrival: e.job.runAt, serviceMs: e.metrics.wallMs ?? 0, waitMs: e.metrics.waitMs ?? 0 });
});
const until = async (n: number) => {
  while (recs.length < n) await new Promise((r) => setTimeout(r, 20));
};

// Hand-off per job: saturate the workers with constant jobs; wall time per job per worker minus the task time.
const calib = 200;
const tc = performance.now();
await store.enqueue(Array.from({ length: calib }, () => ({ task: 'exp-burn', input: { ms: serviceMs } })));
await until(calib);
const handoffMs = Math.max(0, (workers * (performance.now() - tc)) / calib - mean(recs.map((r) => r.serviceMs)));
recs = [];

console.log(`planner validation: c=${workers}, λ=${lambda.toFixed(2)}/s, E[S]=${serviceMs} ms (exponential), ρ=${rho}, ${jobs} jobs`);
let next = performance.now();
for (let i = 0; i < jobs; i++) {
  next += exp(1000 / lambda);
  const delay = next - performance.now();
  if (delay > 1) await new Promise((r) => setTimeout(r, delay));
  await store.enqueue([{ task: 'exp-burn', input: { ms: exp(serviceMs) } }]);
  if (i % 1000 === 999) process.stderr.write(`  enqueued ${i + 1}/${jobs}\n`);
}
await until(jobs);
await node.drain();
await store.close();
rmSync(dir, { recursive: true, force: true });

recs.sort((a, b) => a.arrival - b.arrival);
const measuredLambda = ((jobs - 1) * 1000) / (recs[recs.length - 1].arrival - recs[0].arrival);
const taskMs = mean(recs.map((r) => r.serviceMs));
const effectiveMs = taskMs + handoffMs;

/** First come, first served on c servers, fed the run's own arrival times and service times. */
function replay(): number[] {
  const freeAt = new Array<number>(workers).fill(Number.NEGATIVE_INFINITY);
  return recs.map((r) => {
    let k = 0;
    for (let i = 1; i < workers; i++) if (freeAt[i] < freeAt[k]) k = i;
    const start = Math.max(r.arrival, freeAt[k]);
    freeAt[k] = start + r.serviceMs + handoffMs;
    return start - r.arrival;
  });
}

const predict = (arrivalPerSec: number, meanMs: number) =>
  evaluate(workers, { arrivalPerSec, service: { shape: 'exponential', meanMs, cv: 1 }, waitSloMs: 0, percentile, cores: workers });
const predicted = predict(measuredLambda, effectiveMs);
const nominal = predict(lambda, serviceMs + handoffMs);
const waits = recs.map((r) => r.waitMs);
const replayed = replay();
const p = `p${percentile * 100}`;
const measuredP = quantile(waits, percentile);
const rows = {
  'arrival rate (measured, /s)': measuredLambda,
  'mean task time (measured, ms)': taskMs,
  'hand-off per job (ms)': handoffMs,
  'utilization (λ·E[S]/c)': (measuredLambda * effectiveMs) / 1000 / workers,
  'mean wait: predicted (ms)': predicted.meanWaitMs,
  'mean wait: ideal replay (ms)': mean(replayed),
  'mean wait: measured (ms)': mean(waits),
  [`${p} wait: predicted, nominal (ms)`]: nominal.percentileWaitMs,
  [`${p} wait: predicted (ms)`]: predicted.percentileWaitMs,
  [`${p} wait: ideal replay (ms)`]: quantile(replayed, percentile),
  [`${p} wait: measured (ms)`]: measuredP,
  [`${p} error vs predicted`]: (measuredP - predicted.percentileWaitMs) / predicted.percentileWaitMs,
};
for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(34)} ${v.toFixed(3)}`);
console.log(JSON.stringify({ bench: 'planner-validation', workers, jobs, serviceMs, rho, percentile, results: rows }));
