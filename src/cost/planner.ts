import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { type CostBasis, workerHourUsd } from './attempt-cost.js';
import { erlangC, smallestServers } from './erlang.js';
import type { Rate } from './rates.js';
import type { ServiceTime } from './service-time.js';

/**
 * How many cores for this arrival rate, service time and wait target.
 *
 * M/M/c (Poisson arrivals, c workers, one job per worker), Erlang C:
 *   a = λ·E[S] (offered load),  θ = cμ − λ = (c − a)/E[S]
 *   P(W > 0) = C(c, a),  P(W > t) = C·e^(−θt),  E[W] = C/θ
 * For service times that are not exponential, the wait is scaled by
 * k = (1 + cs²)/2 (Allen–Cunneen with Poisson arrivals, cs = the service
 * time's coefficient of variation): P(W > t) ≈ C·e^(−θt/k), E[W] ≈ k·C/θ.
 * k = 1 for exponential service (exact M/M/c), 1/2 for constant. See
 * docs/cost.md for where this approximation holds and where it does not.
 */
export interface PlanInput {
  /** Arrivals per second (of attempts, if service is per attempt). */
  arrivalPerSec: number;
  service: ServiceTime;
  waitSloMs: number;
  /** e.g. 0.95: at least this share of jobs wait no longer than waitSloMs. */
  percentile: number;
  /** Evaluate this many cores instead of searching. */
  cores?: number;
  /** Search bound (default 1,000,000). */
  maxCores?: number;
}

export interface QueueEstimate {
  cores: number;
  /** Offered load a = λ·E[S], in erlangs (busy cores on average). */
  offeredLoad: number;
  /** a / c. */
  utilization: number;
  /** P(wait > 0): Erlang C. */
  pWait: number;
  /** P(wait > SLO). */
  pWaitOverSlo: number;
  meanWaitMs: number;
  /** The wait at the requested percentile. */
  percentileWaitMs: number;
  meetsSlo: boolean;
}

export interface Plan {
  model: 'M/M/c' | 'M/G/c (Allen–Cunneen)';
  /** (1 + cs²)/2; 1 for exponential service. */
  varianceFactor: number;
  offeredLoad: number;
  chosen: QueueEstimate;
  /** The chosen count's neighbours (up to two fewer, one more), for seeing how steep the curve is. */
  around: QueueEstimate[];
}

export const DEFAULT_MAX_CORES = 1_000_000;

const bad = (msg: string) => new CoreboundError(ErrorCodes.INVALID_OPTION, msg);

export function varianceFactor(cv: number): number {
  return (1 + cv * cv) / 2;
}

function validate(input: PlanInput): void {
  const { arrivalPerSec: l, service: s, waitSloMs, percentile: p } = input;
  if (!Number.isFinite(l) || l <= 0) throw bad(`arrival rate must be > 0 per second, got ${l}`);
  if (!Number.isFinite(s.meanMs) || s.meanMs <= 0) throw bad(`mean service time must be > 0, got ${s.meanMs} ms`);
  if (!Number.isFinite(s.cv) || s.cv < 0) throw bad(`service-time cv must be >= 0, got ${s.cv}`);
  if (!Number.isFinite(waitSloMs) || waitSloMs < 0) throw bad(`wait SLO must be >= 0, got ${waitSloMs} ms`);
  if (!Number.isFinite(p) || p <= 0 || p >= 1) throw bad(`percentile must be strictly between 0 and 1, got ${p}`);
  if (input.cores !== undefined && (!Number.isInteger(input.cores) || input.cores < 1)) {
    throw bad(`cores must be a whole number >= 1, got ${input.cores}`);
  }
}

/** P(W > t) for the given Erlang C, drain rate θ (1/s) and variance factor. */
function tail(C: number, thetaPerSec: number, k: number, tMs: number): number {
  return C * Math.exp((-thetaPerSec * (tMs / 1000)) / k);
}

function estimateWith(c: number, input: PlanInput, C: number): QueueEstimate {
  const a = input.arrivalPerSec * (input.service.meanMs / 1000);
  const k = varianceFactor(input.service.cv);
  const theta = (c - a) / (input.service.meanMs / 1000);
  const q = 1 - input.percentile;
  const pWaitOverSlo = tail(C, theta, k, input.waitSloMs);
  return {
    cores: c,
    offeredLoad: a,
    utilization: a / c,
    pWait: C,
    pWaitOverSlo,
    meanWaitMs: ((k * C) / theta) * 1000,
    // Solve C·e^(−θt/k) = 1 − p for t; no wait at all when C is already below 1 − p.
    percentileWaitMs: C <= q ? 0 : ((k * Math.log(C / q)) / theta) * 1000,
    meetsSlo: pWaitOverSlo <= q,
  };
}

/** The queue's behaviour with exactly c cores; throws when c ≤ a (the backlog would grow forever). */
export function evaluate(c: number, input: PlanInput): QueueEstimate {
  validate({ ...input, cores: c });
  const a = input.arrivalPerSec * (input.service.meanMs / 1000);
  if (c <= a) {
    throw bad(
      `unstable: ${c} cores cannot keep up with an offered load of ${a.toFixed(2)} busy cores (arrival × mean service time); need more than ${Math.floor(a)}`,
    );
  }
  return estimateWith(c, input, erlangC(c, a));
}

export function plan(input: PlanInput): Plan {
  validate(input);
  const a = input.arrivalPerSec * (input.service.meanMs / 1000);
  const k = varianceFactor(input.service.cv);
  const maxCores = input.maxCores ?? DEFAULT_MAX_CORES;
  let cores = input.cores;
  if (cores === undefined) {
    if (a >= maxCores) throw bad(`offered load ${a.toFixed(0)} busy cores exceeds the planner's limit of ${maxCores} cores`);
    const q = 1 - input.percentile;
    const found = smallestServers(a, maxCores, (c, C) => tail(C, (c - a) / (input.service.meanMs / 1000), k, input.waitSloMs) <= q);
    if (found === null) throw bad(`no core count up to ${maxCores} meets the wait SLO`);
    cores = found;
  }
  const chosen = evaluate(cores, input);
  const around: QueueEstimate[] = [];
  for (let c = cores - 2; c <= cores + 1; c++) {
    if (c > a && c >= 1) around.push(c === cores ? chosen : evaluate(c, input));
  }
  return { model: k === 1 ? 'M/M/c' : 'M/G/c (Allen–Cunneen)', varianceFactor: k, offeredLoad: a, chosen, around };
}

export interface PlanCost {
  name: string;
  label: string;
  usdPerHour: number;
  /** usdPerHour over the jobs that arrive in an hour: what a job costs including the idle headroom. */
  usdPerJob: number;
  /** The same job on a fleet that is never idle: the floor no sizing can beat. */
  busyUsdPerJob: number;
}

/**
 * $ for a fleet of `cores` workers under each rate. `jobsPerSec` may differ
 * from the planner's arrival rate when that counts attempts (retries).
 */
export function planCosts(
  cores: number,
  jobsPerSec: number,
  serviceMsPerJob: number,
  rates: readonly Pick<Rate, 'name' | 'label' | 'vcpuHour' | 'gbHour'>[],
  memoryGbPerWorker: number,
): PlanCost[] {
  return rates.map((rate) => {
    const basis: CostBasis = { rate, memoryGbPerWorker };
    const hour = workerHourUsd(basis);
    return {
      name: rate.name,
      label: rate.label,
      usdPerHour: cores * hour,
      usdPerJob: (cores * hour) / (jobsPerSec * 3600),
      busyUsdPerJob: (serviceMsPerJob / 3_600_000) * hour,
    };
  });
}
