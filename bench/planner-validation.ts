/**
 * Does the planner predict real waits? Poisson arrivals at a known rate,
 * exponential CPU-bound service with a known mean, a real node with `c`
 * workers on durable SQLite; compare the measured wait at the percentile with
 * the planner's M/M/c prediction for the same c. Target: within 20%.
 *   node --import tsx bench/planner-validation.ts [--jobs 2000] [--service-ms 50] [--utilization 0.8] [--percentile 0.95]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/cost/planner.js';
import { startNode } from '../src/runtime/supervisor.js';
import { openStore } from '../src/store/open.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const jobs = arg('jobs', 2000);
const serviceMs = arg('service-ms', 50);
const rho = arg('utilization', 0.8);
const percentile = arg('percentile', 0.95);
const workers = arg('workers', availableParallelism());
const lambda = (rho * workers) / (serviceMs / 1000);

// A seeded generator keeps runs comparable.
let seed = 12345;
const uniform = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed + 0.5) / 4294967296;
};
const exp = (mean: number) => -Math.log(uniform()) * mean;

const dir = mkdtempSync(join(tmpdir(), 'cb-plan-'));
const store = await openStore(`sqlite:${join(dir, 'plan.db')}`);
const node = await startNode({ store, tasksDir: fileURLToPath(new URL('./tasks', import.meta.url)), workers });
const waits: number[] = [];
const services: number[] = [];
node.on('attempt', (e: { outcome: string; metrics: { waitMs?: number; wallMs?: number } }) => {
  if (e.outcome !== 'succeeded') return;
  waits.push(e.metrics.waitMs ?? 0);
  services.push(e.metrics.wallMs ?? 0);
});

// Calibration: saturate the node with the same service distribution. Throughput then equals c / E[S_eff],
// where S_eff is how long a job really occupies a worker (task time plus dispatch and write). This is the
// service time the queue sees, and what an operator's measured capacity would give the planner.
const calib = 300;
const tc = performance.now();
await store.enqueue(Array.from({ length: calib }, () => ({ task: 'exp-burn', input: { ms: exp(serviceMs) } })));
while (waits.length < calib) await new Promise((r) => setTimeout(r, 20));
const effectiveServiceMs = (workers * (performance.now() - tc)) / calib;
waits.length = 0;
services.length = 0;

console.log(`planner validation: c=${workers}, λ=${lambda.toFixed(2)}/s, E[S]=${serviceMs} ms (exponential), ρ=${rho}, ${jobs} jobs`);
const t0 = performance.now();
let next = t0;
for (let i = 0; i < jobs; i++) {
  next += exp(1000 / lambda);
  const delay = next - performance.now();
  if (delay > 1) await new Promise((r) => setTimeout(r, delay));
  await store.enqueue([{ task: 'exp-burn', input: { ms: exp(serviceMs) } }]);
  if (i % 500 === 499) process.stderr.write(`  enqueued ${i + 1}/${jobs}\n`);
}
while (waits.length < jobs) await new Promise((r) => setTimeout(r, 50));
const elapsed = (performance.now() - t0) / 1000;
await node.drain();
await store.close();
rmSync(dir, { recursive: true, force: true });

const sorted = [...waits].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const meanS = services.reduce((a, b) => a + b, 0) / services.length;
const measuredLambda = jobs / elapsed;
// Predict with the measured arrival rate and the effective service time (calibrated above); the
// task-wall-time prediction is shown too, to make the size of the per-job overhead visible.
const predict = (meanMs: number) =>
  evaluate(workers, { arrivalPerSec: measuredLambda, service: { shape: 'exponential', meanMs, cv: 1 }, waitSloMs: 0, percentile, cores: workers });
const predicted = predict(effectiveServiceMs);
const predictedFromTaskTime = predict(meanS);
const measuredP = q(percentile);
const meanWait = waits.reduce((a, b) => a + b, 0) / waits.length;
const rows = {
  'arrival rate (measured, /s)': measuredLambda,
  'mean task time (measured, ms)': meanS,
  'effective service (saturated, ms)': effectiveServiceMs,
  'utilization (λ·E[S_eff]/c)': (measuredLambda * effectiveServiceMs) / 1000 / workers,
  [`p${percentile * 100} wait: predicted from task time (ms)`]: predictedFromTaskTime.percentileWaitMs,
  'mean wait: predicted (ms)': predicted.meanWaitMs,
  'mean wait: measured (ms)': meanWait,
  [`p${percentile * 100} wait: predicted (ms)`]: predicted.percentileWaitMs,
  [`p${percentile * 100} wait: measured (ms)`]: measuredP,
  [`p${percentile * 100} error`]: (measuredP - predicted.percentileWaitMs) / predicted.percentileWaitMs,
};
for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(32)} ${v.toFixed(3)}`);
console.log(JSON.stringify({ bench: 'planner-validation', workers, jobs, serviceMs, rho, percentile, results: rows }));
