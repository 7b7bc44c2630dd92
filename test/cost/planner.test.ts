import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { erlangB, erlangC } from '../../src/cost/erlang.js';
import { evaluate, plan, planCosts } from '../../src/cost/planner.js';
import { parseServiceTime } from '../../src/cost/service-time.js';

/** Erlang C straight from its definition, summed in log space (independent of the recurrence under test). */
function erlangCReference(c: number, a: number): number {
  const logTerms: number[] = [];
  let logFact = 0;
  for (let k = 0; k < c; k++) {
    if (k > 0) logFact += Math.log(k);
    logTerms.push(k * Math.log(a) - logFact);
  }
  const logLast = c * Math.log(a) - (logFact + Math.log(c)) + Math.log(c / (c - a));
  const m = Math.max(logLast, ...logTerms);
  const sum = logTerms.reduce((s, t) => s + Math.exp(t - m), 0) + Math.exp(logLast - m);
  return Math.exp(logLast - m) / sum;
}

const example = { arrivalPerSec: 0.5, service: parseServiceTime('60s'), waitSloMs: 60_000, percentile: 0.95 };

describe('Erlang B and C', () => {
  it('match the closed forms for small c', () => {
    // M/M/1: C = ρ.  M/M/2 with a = 1: C = (1/2 · 2) / (1 + 1 + 1) = 1/3.  Erlang B(1, a) = a/(1+a).
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangB(1, 3)).toBeCloseTo(0.75, 12);
    expect(erlangC(5, 3.5)).toBeCloseTo(erlangCReference(5, 3.5), 12);
  });

  it('stay finite and exact for large c (c = 2000, where a^c/c! overflows a double)', () => {
    for (const [c, a] of [
      [2000, 1950],
      [2000, 1999.5],
      [2000, 1000],
      [5000, 4900],
    ]) {
      const got = erlangC(c, a);
      expect(Number.isFinite(got)).toBe(true);
      expect(got).toBeGreaterThan(0);
      expect(got).toBeLessThan(1);
      expect(got).toBeCloseTo(erlangCReference(c, a), 9);
    }
    // More servers never make waiting more likely.
    expect(erlangC(2001, 1950)).toBeLessThan(erlangC(2000, 1950));
  });

  it('an unstable queue always waits', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 12)).toBe(1);
  });
});

describe('planner: the hand-worked example (0.5 jobs/s, 60 s exponential, p95 wait ≤ 60 s)', () => {
  const p = plan(example);
  const at = (c: number) => p.around.find((e) => e.cores === c);

  it('31 cores: P(wait > 60 s) ≈ 29%; 32: ≈ 8.5%; 33: ≈ 2.4%', () => {
    expect(Math.abs((at(31)?.pWaitOverSlo ?? 0) - 0.29)).toBeLessThan(0.005);
    expect(Math.abs((at(32)?.pWaitOverSlo ?? 0) - 0.085)).toBeLessThan(0.005);
    expect(Math.abs((at(33)?.pWaitOverSlo ?? 0) - 0.024)).toBeLessThan(0.005);
    expect(at(31)?.meetsSlo).toBe(false);
    expect(at(32)?.meetsSlo).toBe(false);
  });

  it('answers 33 cores at utilization ≈ 0.91, exact M/M/c', () => {
    expect(p.chosen.cores).toBe(33);
    expect(p.chosen.utilization).toBeCloseTo(30 / 33, 12);
    expect(p.chosen.utilization).toBeCloseTo(0.91, 2);
    expect(p.model).toBe('M/M/c');
    expect(p.varianceFactor).toBe(1);
    expect(p.offeredLoad).toBeCloseTo(30, 12);
  });

  it('mean and percentile waits are consistent with the tail: P(W > p95 wait) = 5%', () => {
    const c = p.chosen;
    const theta = (33 - 30) / 60; // (c − a)/E[S] per second
    expect(c.meanWaitMs).toBeCloseTo((c.pWait / theta) * 1000, 6);
    expect(c.pWait * Math.exp(-theta * (c.percentileWaitMs / 1000))).toBeCloseTo(0.05, 9);
    expect(c.percentileWaitMs).toBeLessThan(60_000);
  });

  it('evaluating a given count agrees with the search', () => {
    expect(evaluate(32, example).pWaitOverSlo).toBeCloseTo(at(32)?.pWaitOverSlo ?? -1, 12);
    expect(plan({ ...example, cores: 31 }).chosen).toMatchObject({ cores: 31, meetsSlo: false });
  });
});

describe('planner: service-time variance', () => {
  it('constant service needs no more cores than exponential (here: fewer)', () => {
    const exp = plan(example).chosen.cores;
    const constant = plan({ ...example, service: parseServiceTime('const:60s') });
    expect(constant.chosen.cores).toBeLessThanOrEqual(exp);
    expect(constant.chosen.cores).toBe(32);
    expect(constant.varianceFactor).toBe(0.5);
    expect(constant.model).toBe('M/G/c (Allen–Cunneen)');
  });

  it('more variance never needs fewer cores', () => {
    const cores = ['const:60s', 'lognormal:60s,cv=0.5', '60s', 'lognormal:60s,cv=2'].map(
      (d) => plan({ ...example, service: parseServiceTime(d) }).chosen.cores,
    );
    for (let i = 1; i < cores.length; i++) expect(cores[i]).toBeGreaterThanOrEqual(cores[i - 1]);
    expect(cores[3]).toBeGreaterThan(cores[2]);
  });

  it('a zero-wait SLO asks for C(c, a) ≤ 1 − p', () => {
    const p = plan({ ...example, waitSloMs: 0 });
    expect(p.chosen.pWait).toBeLessThanOrEqual(0.05);
    expect(evaluate(p.chosen.cores - 1, { ...example, waitSloMs: 0 }).pWait).toBeGreaterThan(0.05);
  });
});

describe('planner: large fleets', () => {
  it('sizes 1000 jobs/s × 2 s (2000 erlangs) in one pass, meeting the SLO with the smallest count', () => {
    const input = { arrivalPerSec: 1000, service: parseServiceTime('2s'), waitSloMs: 100, percentile: 0.99 };
    const p = plan(input);
    expect(p.chosen.cores).toBeGreaterThan(2000);
    expect(p.chosen.cores).toBeLessThan(2200);
    expect(p.chosen.meetsSlo).toBe(true);
    expect(evaluate(p.chosen.cores - 1, input).meetsSlo).toBe(false);
    expect(p.chosen.utilization).toBeGreaterThan(0.9);
  });
});

describe('planner: bad input is a coded error', () => {
  it.each([
    ['a negative arrival rate', { arrivalPerSec: -1 }],
    ['zero arrivals', { arrivalPerSec: 0 }],
    ['a percentile of 1', { percentile: 1 }],
    ['a percentile of 0', { percentile: 0 }],
    ['a negative SLO', { waitSloMs: -5 }],
    ['fractional cores', { cores: 2.5 }],
  ])('%s', (_what, over) => {
    expect(() => plan({ ...example, ...over })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
  });

  it('an unstable system (cores ≤ offered load) says so', () => {
    expect(() => plan({ ...example, cores: 30 })).toThrow(/unstable: 30 cores cannot keep up with an offered load of 30.00/);
    expect(() => evaluate(12, example)).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
  });

  it('refuses a load beyond the search bound instead of looping', () => {
    expect(() => plan({ ...example, maxCores: 20 })).toThrow(/exceeds the planner's limit of 20 cores/);
  });
});

describe('plan costs', () => {
  it('$/hour = cores × worker-hour; $/job = $/hour ÷ jobs per hour; busy-only = E[S] × worker-hour', () => {
    const [k] = planCosts(33, 0.5, 60_000, [{ name: 'fargate-x86', label: 'x', vcpuHour: 0.04048, gbHour: 0.004445 }], 2);
    const workerHour = 0.04048 + 2 * 0.004445;
    expect(k.usdPerHour).toBeCloseTo(33 * workerHour, 12);
    expect(k.usdPerJob).toBeCloseTo((33 * workerHour) / 1800, 12);
    expect(k.busyUsdPerJob).toBeCloseTo((60 / 3600) * workerHour, 12);
    // Idle headroom is the gap: 33 cores for 30 erlangs of work.
    expect(k.usdPerJob / k.busyUsdPerJob).toBeCloseTo(33 / 30, 12);
  });
});
