import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { parseArrivalRate, parseDurationWithUnit, parsePercentile, parseServiceTime } from '../../src/cost/service-time.js';

const code = expect.objectContaining({ code: ErrorCodes.INVALID_OPTION });

describe('service-time distributions', () => {
  it('a plain duration is exponential with that mean', () => {
    expect(parseServiceTime('60s')).toEqual({ shape: 'exponential', meanMs: 60_000, cv: 1 });
    expect(parseServiceTime('exp:1.5m')).toEqual({ shape: 'exponential', meanMs: 90_000, cv: 1 });
  });

  it('const: has cv 0; lognormal: takes the cv given', () => {
    expect(parseServiceTime('const:60s')).toEqual({ shape: 'constant', meanMs: 60_000, cv: 0 });
    expect(parseServiceTime('lognormal:60s,cv=0.5')).toEqual({ shape: 'lognormal', meanMs: 60_000, cv: 0.5 });
    expect(parseServiceTime(' lognormal: 250ms , cv = 1.2 ')).toEqual({ shape: 'lognormal', meanMs: 250, cv: 1.2 });
  });

  it.each([
    ['', /invalid service time/],
    ['60', /give a unit/],
    ['sixty', /invalid service time/],
    ['-60s', /negative/],
    ['0s', /mean must be > 0/],
    ['weibull:60s', /unknown service-time shape "weibull"/],
    ['lognormal:60s', /lognormal needs a cv/],
    ['lognormal:60s,cv=-1', /invalid cv/],
    ['lognormal:60s,cv=abc', /invalid cv/],
    ['lognormal:60s,sigma=1', /unknown parameter "sigma"/],
    ['const:60s,cv=0.3', /fixed cv/],
    ['60s,', /invalid parameter/],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseServiceTime(text)).toThrow(code);
    expect(() => parseServiceTime(text)).toThrow(message);
  });
});

describe('arrival rates', () => {
  it('per second by default, or per unit', () => {
    expect(parseArrivalRate('0.5')).toBe(0.5);
    expect(parseArrivalRate('0.5/s')).toBe(0.5);
    expect(parseArrivalRate('30/min')).toBe(0.5);
    expect(parseArrivalRate('1800/h')).toBe(0.5);
    expect(parseArrivalRate('43200/d')).toBe(0.5);
    expect(parseArrivalRate('2e3')).toBe(2000);
  });

  it.each(['-0.5', '0', '0/s', 'fast', '5/fortnight', '', '1/0'])('%j is refused', (text) => {
    expect(() => parseArrivalRate(text)).toThrow(code);
  });
});

describe('percentiles and durations', () => {
  it('a percentile is strictly between 0 and 1, with a hint for 95', () => {
    expect(parsePercentile('0.95')).toBe(0.95);
    expect(parsePercentile('0.999')).toBe(0.999);
    for (const bad of ['0', '1', '1.5', '-0.1', 'p95', '']) expect(() => parsePercentile(bad)).toThrow(code);
    expect(() => parsePercentile('95')).toThrow(/did you mean 0.95/);
  });

  it('durations need a unit', () => {
    expect(parseDurationWithUnit('2s', 'wait SLO')).toBe(2000);
    expect(() => parseDurationWithUnit('2', 'wait SLO')).toThrow(/give a unit/);
    expect(() => parseDurationWithUnit('-2s', 'wait SLO')).toThrow(/negative/);
  });
});
