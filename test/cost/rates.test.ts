import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/errors.js';
import { defaultRatesPath, loadRateTable, parseRateFile, pickRate, resolvePricing } from '../../src/cost/rates.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-rates-'));
const write = (name: string, body: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const entry = (over: Record<string, unknown> = {}) => ({
  name: 'mine',
  label: 'our negotiated price',
  vcpuHour: 0.02,
  gbHour: 0.002,
  asOf: '2026-11-01',
  source: 'contract 42',
  ...over,
});

describe('built-in rate table', () => {
  const table = loadRateTable({ env: {} });

  it('has the Fargate x86 and ARM list prices', () => {
    expect(pickRate(table, 'fargate-x86')).toMatchObject({ vcpuHour: 0.04048, gbHour: 0.004445, region: 'us-east-1', kind: 'list' });
    expect(pickRate(table, 'fargate-arm')).toMatchObject({ vcpuHour: 0.03238, gbHour: 0.00356, kind: 'list' });
    expect(pickRate(table).name).toBe('fargate-x86');
  });

  it('every entry is dated and sourced; EC2 entries name the instance type and derive the per-vCPU rate', () => {
    for (const r of table.rates) {
      expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.source).toMatch(/^https:\/\//);
    }
    const ec2 = table.rates.filter((r) => r.name.startsWith('ec2-'));
    expect(ec2.length).toBeGreaterThanOrEqual(3);
    for (const r of ec2) {
      expect(r.instanceType).toBeTruthy();
      expect(r.gbHour).toBe(0);
      expect(r.vcpuHour).toBeCloseTo((r.instanceHour as number) / (r.vcpus as number), 12);
    }
  });

  it('the file on disk is the one shipped in pricing/', () => {
    expect(defaultRatesPath()).toMatch(/pricing\/rates\.json$/);
    expect(JSON.parse(readFileSync(defaultRatesPath(), 'utf8')).default).toBe('fargate-x86');
  });

  it('an unknown name is a coded error listing the choices', () => {
    expect(() => pickRate(table, 'azure')).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
    expect(() => pickRate(table, 'azure')).toThrow(/fargate-arm/);
  });
});

describe('user rate files', () => {
  it('are merged over the defaults by name, and may change the default', () => {
    const p = write('mine.json', { default: 'mine', rates: [entry(), entry({ name: 'fargate-arm', label: 'ARM with savings plan', vcpuHour: 0.025 })] });
    const { table, rate } = resolvePricing({ pricingFile: p, env: {} });
    expect(rate.name).toBe('mine');
    expect(pickRate(table, 'fargate-arm').vcpuHour).toBe(0.025);
    expect(pickRate(table, 'fargate-x86').vcpuHour).toBe(0.04048);
    expect(table.sources).toHaveLength(2);
  });

  it('are found through COREBOUND_PRICING_FILE, and the rate through COREBOUND_PRICING; flags win', () => {
    const p = write('env.json', { rates: [entry()] });
    expect(resolvePricing({ env: { COREBOUND_PRICING_FILE: p, COREBOUND_PRICING: 'mine' } }).rate.vcpuHour).toBe(0.02);
    expect(resolvePricing({ pricing: 'fargate-arm', env: { COREBOUND_PRICING_FILE: p, COREBOUND_PRICING: 'mine' } }).rate.name).toBe('fargate-arm');
  });

  it('an instance price can be given instead of a per-vCPU one', () => {
    const f = parseRateFile({ rates: [entry({ vcpuHour: undefined, instanceHour: 0.4, vcpus: 8, gbHour: 0 })] }, 'test');
    expect(f.rates[0].vcpuHour).toBeCloseTo(0.05, 12);
  });

  it.each([
    ['a negative price', { rates: [entry({ vcpuHour: -1 })] }, /rates\[0\] \(mine\)\.vcpuHour/],
    ['a missing date', { rates: [entry({ asOf: undefined })] }, /asOf/],
    ['a malformed date', { rates: [entry({ asOf: 'last week' })] }, /YYYY-MM-DD/],
    ['no price at all', { rates: [entry({ vcpuHour: undefined })] }, /give vcpuHour, or instanceHour and vcpus/],
    ['an inconsistent instance price', { rates: [entry({ instanceHour: 0.4, vcpus: 8 })] }, /disagrees/],
    ['an unknown field', { rates: [entry({ vcpuHours: 1 })] }, /vcpuHours/],
    ['a duplicate name', { rates: [entry(), entry()] }, /duplicate rate "mine"/],
    ['another currency', { currency: 'EUR', rates: [entry()] }, /USD/],
  ])('rejects %s with a clear coded error', (_what, body, message) => {
    const p = write('bad.json', body);
    let err: unknown;
    try {
      resolvePricing({ pricingFile: p, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    expect((err as Error).message).toContain(p);
    expect((err as Error).message).toMatch(message);
  });

  it('rejects a file that is not JSON, a missing file, and a default that does not exist', () => {
    expect(() => resolvePricing({ pricingFile: write('x.json', '{ nope'), env: {} })).toThrow(/not valid JSON/);
    expect(() => resolvePricing({ pricingFile: join(dir, 'missing.json'), env: {} })).toThrow(/cannot read rate table/);
    expect(() => resolvePricing({ pricingFile: write('d.json', { default: 'ghost', rates: [entry()] }), env: {} })).toThrow(
      /default "ghost" is not one of its rates/,
    );
  });
});
