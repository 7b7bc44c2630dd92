import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planText, runPlan } from '../../src/cli/commands/plan.js';
import { ManualClock } from '../../src/core/clock.js';
import { ErrorCodes } from '../../src/core/errors.js';
import { plan } from '../../src/cost/planner.js';
import { openStore } from '../../src/store/open.js';
import { runJob } from './store-helpers.js';

describe('corebound plan (runPlan)', () => {
  it('reproduces the hand-worked example with costs for every rate, the chosen one first', async () => {
    const out = await runPlan({ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', pricing: 'fargate-arm' });
    expect(out.cores).toBe(33);
    expect(out.utilization).toBeCloseTo(0.909, 3);
    expect(out.costs[0].name).toBe('fargate-arm');
    expect(out.costs.map((c) => c.name)).toEqual(expect.arrayContaining(['fargate-x86', 'ec2-c7g']));
    expect(out.costs[0].usdPerHour).toBeCloseTo(33 * (0.03238 + 2 * 0.00356), 12);
    // The JSON a script reads is exactly this object.
    expect(JSON.parse(JSON.stringify(out)).cores).toBe(33);
    const text = planText(out);
    expect(text).toMatch(/^33 cores: utilization 90\.9%/m);
    expect(text).toMatch(/^\s+31\s+96\.8%\s+79\.9%\s+29\.39%/m);
    expect(text).toMatch(/^\* fargate-arm/m);
  });

  it('--cores evaluates a given size and reports whether it meets the SLO', async () => {
    const out = await runPlan({ arrival: '30/min', serviceTime: '60s', waitSlo: '60s', cores: '32' });
    expect(out).toMatchObject({ cores: 32, meetsSlo: false });
    expect(planText(out)).toContain('does NOT meet the SLO');
  });

  it.each([
    [{ serviceTime: '60s', waitSlo: '60s' }, /--arrival RATE is required/],
    [{ arrival: '0.5', serviceTime: '60s' }, /--wait-slo is required/],
    [{ arrival: '0.5', waitSlo: '60s' }, /give --service-time DIST/],
    [{ arrival: '0.5', waitSlo: '60s', serviceTime: '60s', fromHistory: 't' }, /not both/],
    [{ arrival: '-0.5', serviceTime: '60s', waitSlo: '60s' }, /invalid arrival rate/],
    [{ arrival: '0.5', serviceTime: 'gamma:60s', waitSlo: '60s' }, /unknown service-time shape/],
    [{ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', percentile: '1' }, /strictly between 0 and 1/],
    [{ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', cores: '30' }, /unstable/],
    [{ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', cores: 'many' }, /--cores must be a whole number/],
    // Evaluating a size walks it core by core: a huge one would pin the CLI instead of answering.
    [{ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', cores: '100000000000000' }, /--cores must be a whole number from 1 to/],
    [{ arrival: '0.5', serviceTime: '60s', waitSlo: '60s', memoryGb: 'lots' }, /--memory-gb/],
  ])('%j → INVALID_OPTION', async (opts, message) => {
    const err = await runPlan(opts).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    expect(err.message).toMatch(message);
  });
});

describe('corebound plan --from-history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-plan-'));
  const url = `sqlite:${join(dir, 'history.db')}`;
  const clock = new ManualClock();

  beforeAll(async () => {
    const store = await openStore(url, { clock });
    try {
      // render: attempts of 40, 60, 80 s (one failed first), 2 jobs → mean 60 s, cv 1/3, 1.5 attempts per job.
      await runJob(store, clock, 'render', 'r', [
        { end: 'error', wallMs: 40_000 },
        { end: 'succeeded', wallMs: 60_000 },
      ]);
      await runJob(store, clock, 'render', 'r', [{ end: 'succeeded', wallMs: 80_000 }]);
      await runJob(store, clock, 'other', 'o', [{ end: 'succeeded', wallMs: 1_000 }]);
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the measured mean and cv, and plans for retries as extra arrivals', async () => {
    const out = await runPlan({ arrival: '0.2', fromHistory: 'render', waitSlo: '30s', store: url }, clock.now());
    expect(out.history).toMatchObject({ task: 'render', samples: 3, jobs: 2, attemptsPerJob: 1.5, meanMs: 60_000 });
    expect(out.input.service.cv).toBeCloseTo(1 / 3, 9);
    expect(out.input.attemptArrivalPerSec).toBeCloseTo(0.3, 12);
    const expected = plan({ arrivalPerSec: 0.3, service: { shape: 'measured', meanMs: 60_000, cv: 1 / 3 }, waitSloMs: 30_000, percentile: 0.95 });
    expect(out.cores).toBe(expected.chosen.cores);
    expect(out.notes.join('\n')).toMatch(/1\.500 attempts per job/);
  });

  it('a task with no history is a clear not-found error', async () => {
    const err = await runPlan({ arrival: '0.2', fromHistory: 'nope', waitSlo: '30s', store: url }, clock.now()).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCodes.NOT_FOUND });
    expect(err.message).toMatch(/no finished attempts of task "nope"/);
  });

  it('history older than --since is not used', async () => {
    const err = await runPlan({ arrival: '0.2', fromHistory: 'render', waitSlo: '30s', store: url, since: '1m' }, clock.now() + 3_600_000).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: ErrorCodes.NOT_FOUND });
  });
});
