import { nowMs } from './time.mjs';

/**
 * The CPU-bound unit of work: sums `iterations` outputs of a seeded PRNG
 * (mulberry32). Pure integer/float arithmetic, no allocation, deterministic;
 * the sum is returned so the JIT cannot discard the loop.
 */
export function burn(iterations, seed = 1) {
  let a = seed >>> 0;
  let acc = 0;
  for (let i = 0; i < iterations; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    acc += ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return acc;
}

// Warm the JIT at import, in every thread that loads this module. A cold first
// call is entered through on-stack replacement, and that code ran ~3× slower
// than the fully optimized function here, sometimes for many calls in a row;
// many short calls get the function itself optimized first (~3 ms per thread).
for (let k = 0; k < 3000; k++) burn(200, k + 1);

/**
 * Finds the iteration count for `targetMs` of CPU on one thread. Uses the
 * fastest of several trials: other load on the machine only ever slows a
 * trial down, so the minimum is the best estimate of the uncontended cost.
 */
export function calibrate(targetMs = 20, trials = 15) {
  let iterations = 100_000;
  // Grow until one trial is long enough to time reliably.
  while (timeBurn(iterations) < 5) iterations *= 2;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < trials; i++) best = Math.min(best, timeBurn(iterations) / iterations);
  iterations = Math.round(targetMs / best);
  return { iterations, serviceMs: measureService(iterations) };
}

/** Median wall time of one burn at `iterations`, on this thread. */
export function measureService(iterations, samples = 15) {
  const times = [];
  for (let i = 0; i < samples; i++) times.push(timeBurn(iterations, i + 1));
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

function timeBurn(iterations, seed = 7) {
  const t0 = nowMs();
  burn(iterations, seed);
  return nowMs() - t0;
}
