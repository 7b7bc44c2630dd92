import { CoreboundError, ErrorCodes } from '../core/errors.js';
import type { Rate } from './rates.js';

/**
 * What one attempt cost. A worker holds one whole core (and its memory) for
 * an attempt's wall time whether the task keeps it busy or not, so the price
 * is on reserved core-seconds, not on CPU-seconds. CPU-seconds are reported
 * beside it: a low CPU/core ratio means a task waits on I/O while holding a
 * core that CPU-bound work could use.
 */
export interface CostBasis {
  rate: Pick<Rate, 'name' | 'vcpuHour' | 'gbHour'>;
  /** Memory reserved per worker (one worker = one core), in GB. */
  memoryGbPerWorker: number;
}

/** Fargate's smallest memory size for one vCPU; a fair default for one worker per core. */
export const DEFAULT_MEMORY_GB_PER_WORKER = 2;

export interface Cost {
  /** Reserved core-seconds: one core for the wall time. */
  coreSeconds: number;
  /** CPU-seconds the task's thread actually used (reported, not priced). */
  cpuSeconds: number;
  /** Reserved memory: memoryGbPerWorker × wall seconds. */
  gbSeconds: number;
  vcpuUsd: number;
  memoryUsd: number;
  usd: number;
}

export const ZERO_COST: Readonly<Cost> = Object.freeze({
  coreSeconds: 0,
  cpuSeconds: 0,
  gbSeconds: 0,
  vcpuUsd: 0,
  memoryUsd: 0,
  usd: 0,
});

/** The fields of an attempt that cost depends on (FinishedAttempt and Attempt both fit). */
export interface AttemptUsage {
  startedAt: number;
  endedAt: number | null;
  wallMs: number | null;
  cpuMs: number | null;
}

export function validateBasis(basis: CostBasis): void {
  const m = basis.memoryGbPerWorker;
  if (!Number.isFinite(m) || m < 0) {
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, `memory per worker must be a number of GB >= 0, got ${m}`);
  }
}

/** USD for one worker (one core plus its memory) for one hour. */
export function workerHourUsd(basis: CostBasis): number {
  return basis.rate.vcpuHour + basis.memoryGbPerWorker * basis.rate.gbHour;
}

/** Wall time as measured by the supervisor; the attempt's span when that is missing (a crash has no report). */
export function attemptWallMs(a: AttemptUsage): number {
  if (a.wallMs !== null && a.wallMs >= 0) return a.wallMs;
  if (a.endedAt !== null) return Math.max(0, a.endedAt - a.startedAt);
  return 0;
}

export function costOfUsage(wallMs: number, cpuMs: number, basis: CostBasis): Cost {
  const coreSeconds = wallMs / 1000;
  const gbSeconds = coreSeconds * basis.memoryGbPerWorker;
  const vcpuUsd = (coreSeconds / 3600) * basis.rate.vcpuHour;
  const memoryUsd = (gbSeconds / 3600) * basis.rate.gbHour;
  return { coreSeconds, cpuSeconds: cpuMs / 1000, gbSeconds, vcpuUsd, memoryUsd, usd: vcpuUsd + memoryUsd };
}

export function attemptCost(a: AttemptUsage, basis: CostBasis): Cost {
  return costOfUsage(attemptWallMs(a), Math.max(0, a.cpuMs ?? 0), basis);
}

export function addCost(x: Cost, y: Cost): Cost {
  return {
    coreSeconds: x.coreSeconds + y.coreSeconds,
    cpuSeconds: x.cpuSeconds + y.cpuSeconds,
    gbSeconds: x.gbSeconds + y.gbSeconds,
    vcpuUsd: x.vcpuUsd + y.vcpuUsd,
    memoryUsd: x.memoryUsd + y.memoryUsd,
    usd: x.usd + y.usd,
  };
}

/** A job's cost is the sum of all its attempts: retries and crashed attempts are paid for too. */
export function jobCost(attempts: readonly AttemptUsage[], basis: CostBasis): Cost {
  return attempts.reduce<Cost>((sum, a) => addCost(sum, attemptCost(a, basis)), { ...ZERO_COST });
}
