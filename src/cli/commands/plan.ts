import type { Command } from 'commander';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { DEFAULT_MEMORY_GB_PER_WORKER } from '../../cost/attempt-cost.js';
import { formatPlan, type PlanView } from '../../cost/format.js';
import { type MeasuredService, measureService } from '../../cost/history.js';
import { DEFAULT_MAX_CORES, type Plan, plan, planCosts } from '../../cost/planner.js';
import { resolvePricing } from '../../cost/rates.js';
import { readFinishedAttempts } from '../../cost/read-attempts.js';
import {
  describeService,
  parseArrivalRate,
  parseDurationWithUnit,
  parsePercentile,
  parseServiceTime,
  type ServiceTime,
} from '../../cost/service-time.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';

export interface PlanOptions {
  arrival?: string;
  serviceTime?: string;
  fromHistory?: string;
  since?: string;
  waitSlo?: string;
  percentile?: string;
  cores?: string;
  memoryGb?: string;
  pricing?: string;
  pricingFile?: string;
  json?: boolean;
  store?: string;
}

export interface PlanOutput {
  cores: number;
  meetsSlo: boolean;
  utilization: number;
  pWait: number;
  pWaitOverSlo: number;
  meanWaitMs: number;
  percentileWaitMs: number;
  offeredLoad: number;
  model: Plan['model'];
  varianceFactor: number;
  input: {
    /** Jobs per second, as given. */
    arrivalPerSec: number;
    /** What the queue sees: jobs × attempts per job (1 unless measured from history). */
    attemptArrivalPerSec: number;
    service: ServiceTime;
    waitSloMs: number;
    percentile: number;
    memoryGbPerWorker: number;
  };
  history?: MeasuredService & { task: string; since: number };
  around: Plan['around'];
  pricing: string;
  costs: ReturnType<typeof planCosts>;
  notes: string[];
}

const bad = (msg: string) => new CoreboundError(ErrorCodes.INVALID_OPTION, msg);

export function parseMemoryGb(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MEMORY_GB_PER_WORKER;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw bad(`--memory-gb must be a number of GB >= 0, not "${text}"`);
  return n;
}

/** Everything `corebound plan` computes; the action prints it. Exported for tests. */
export async function runPlan(o: PlanOptions, now = Date.now()): Promise<PlanOutput> {
  if (!o.arrival) throw bad('--arrival RATE is required (jobs per second, e.g. 0.5 or 30/min)');
  if (!o.waitSlo) throw bad('--wait-slo is required (e.g. --wait-slo 2s)');
  if (o.serviceTime && o.fromHistory) throw bad('give --service-time or --from-history, not both');
  if (!o.serviceTime && !o.fromHistory) throw bad('give --service-time DIST (e.g. 60s, const:60s, lognormal:60s,cv=0.5) or --from-history TASK');
  const arrivalPerSec = parseArrivalRate(o.arrival);
  const waitSloMs = parseDurationWithUnit(o.waitSlo, 'wait SLO');
  const percentile = parsePercentile(o.percentile ?? '0.95');
  const memoryGbPerWorker = parseMemoryGb(o.memoryGb);
  let cores: number | undefined;
  if (o.cores !== undefined) {
    if (!/^\d+$/.test(o.cores.trim()) || Number(o.cores) < 1 || Number(o.cores) > DEFAULT_MAX_CORES) {
      throw bad(`--cores must be a whole number from 1 to ${DEFAULT_MAX_CORES}, not "${o.cores}"`);
    }
    cores = Number(o.cores);
  }
  const { table, rate } = resolvePricing({ pricing: o.pricing, pricingFile: o.pricingFile });

  let service: ServiceTime;
  let history: PlanOutput['history'];
  const notes: string[] = [];
  let attemptsPerJob = 1;
  if (o.fromHistory) {
    const since = now - parseDurationWithUnit(o.since ?? '7d', 'history window (--since)');
    const store = await openStore(resolveStoreUrl(o.store));
    try {
      const { attempts, truncated } = await readFinishedAttempts(store, { since, until: now, task: o.fromHistory });
      if (truncated) notes.push(`history truncated at ${attempts.length} attempts; a shorter --since reads all of it`);
      const measured = measureService(attempts, `task "${o.fromHistory}" in the last ${o.since ?? '7d'}`);
      history = { ...measured, task: o.fromHistory, since };
      service = measured;
      attemptsPerJob = measured.attemptsPerJob;
    } finally {
      await store.close();
    }
    if (attemptsPerJob > 1) {
      notes.push(
        `history shows ${attemptsPerJob.toFixed(3)} attempts per job (retries and crashes hold a core too); planned for ${+(arrivalPerSec * attemptsPerJob).toPrecision(4)} attempts/s`,
      );
    }
  } else {
    service = parseServiceTime(o.serviceTime as string);
  }

  const attemptArrivalPerSec = arrivalPerSec * attemptsPerJob;
  const p = plan({ arrivalPerSec: attemptArrivalPerSec, service, waitSloMs, percentile, cores });
  const c = p.chosen;
  if (service.cv !== 1) {
    notes.push('non-exponential service: the wait is an approximation (Allen–Cunneen); see docs/cost.md for its limits');
  }
  const costs = planCosts(c.cores, arrivalPerSec, service.meanMs * attemptsPerJob, table.rates, memoryGbPerWorker);
  return {
    cores: c.cores,
    meetsSlo: c.meetsSlo,
    utilization: c.utilization,
    pWait: c.pWait,
    pWaitOverSlo: c.pWaitOverSlo,
    meanWaitMs: c.meanWaitMs,
    percentileWaitMs: c.percentileWaitMs,
    offeredLoad: p.offeredLoad,
    model: p.model,
    varianceFactor: p.varianceFactor,
    input: { arrivalPerSec, attemptArrivalPerSec, service, waitSloMs, percentile, memoryGbPerWorker },
    ...(history ? { history } : {}),
    around: p.around,
    pricing: rate.name,
    costs: [...costs.filter((k) => k.name === rate.name), ...costs.filter((k) => k.name !== rate.name)],
    notes,
  };
}

export function planText(out: PlanOutput): string {
  const view: PlanView = {
    plan: {
      model: out.model,
      varianceFactor: out.varianceFactor,
      offeredLoad: out.offeredLoad,
      chosen: {
        cores: out.cores,
        offeredLoad: out.offeredLoad,
        utilization: out.utilization,
        pWait: out.pWait,
        pWaitOverSlo: out.pWaitOverSlo,
        meanWaitMs: out.meanWaitMs,
        percentileWaitMs: out.percentileWaitMs,
        meetsSlo: out.meetsSlo,
      },
      around: out.around,
    },
    arrivalPerSec: out.input.attemptArrivalPerSec,
    serviceText: describeService(out.input.service),
    waitSloMs: out.input.waitSloMs,
    percentile: out.input.percentile,
    memoryGbPerWorker: out.input.memoryGbPerWorker,
    chosenPricing: out.pricing,
    costs: out.costs,
    notes: out.notes,
  };
  return formatPlan(view);
}

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan')
    .description('how many cores for an arrival rate, a service time and a wait target (M/M/c, Erlang C), and what they cost')
    .option('--arrival <rate>', 'jobs per second (0.5) or per unit (30/min, 1800/h)')
    .option('--service-time <dist>', 'mean service time: 60s (exponential), const:60s, lognormal:60s,cv=0.5')
    .option('--from-history <task>', "use this task's measured service times (mean and cv of attempt wall time)")
    .option('--since <duration>', 'history window for --from-history', '7d')
    .option('--wait-slo <duration>', 'the longest acceptable queue wait, e.g. 2s')
    .option('--percentile <p>', 'share of jobs that must meet the wait SLO, strictly between 0 and 1', '0.95')
    .option('--cores <n>', 'evaluate this many cores instead of searching for the smallest that meets the SLO')
    .option('--memory-gb <gb>', `memory reserved per worker, in GB (default ${DEFAULT_MEMORY_GB_PER_WORKER})`)
    .option('--pricing <name>', 'rate to price with (env COREBOUND_PRICING; see pricing/rates.json)')
    .option('--pricing-file <path>', 'your own rate table, merged over the defaults (env COREBOUND_PRICING_FILE)')
    .option('--json', 'print machine-readable output (the core count is in `cores`)');
  addStoreOption(cmd).action(
    action(async (o: PlanOptions) => {
      const out = await runPlan(o);
      process.stdout.write(o.json ? `${JSON.stringify(out)}\n` : `${planText(out)}\n`);
    }),
  );
}
