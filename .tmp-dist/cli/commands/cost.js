import { availableParallelism } from 'node:os';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { DEFAULT_MEMORY_GB_PER_WORKER } from '../../cost/attempt-cost.js';
import { formatCostReport } from '../../cost/format.js';
import { resolvePricing } from '../../cost/rates.js';
import { readFinishedAttempts } from '../../cost/read-attempts.js';
import { costReport } from '../../cost/report.js';
import { parseDurationWithUnit } from '../../cost/service-time.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { parseMemoryGb } from './plan.js';
const bad = (msg) => new CoreboundError(ErrorCodes.INVALID_OPTION, msg);
function parseWorkers(text) {
    if (text === undefined) {
        const n = availableParallelism();
        return { workers: n, source: `${n} = os.availableParallelism() on this machine (default); pass --workers N for the fleet's total` };
    }
    if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
        throw bad(`--workers must be a whole number >= 1, not "${text}"`);
    return { workers: Number(text), source: `${Number(text)} (--workers)` };
}
/** Everything `corebound cost` computes from a store; exported for tests. */
export async function runCost(store, o, now = Date.now()) {
    const sinceMs = parseDurationWithUnit(o.since ?? '24h', '--since');
    if (sinceMs <= 0)
        throw bad('--since must be longer than 0');
    if (o.by !== undefined && o.by !== 'task' && o.by !== 'queue')
        throw bad(`--by must be task or queue, not "${o.by}"`);
    const { workers, source } = parseWorkers(o.workers);
    const memoryGbPerWorker = parseMemoryGb(o.memoryGb);
    const { rate } = resolvePricing({ pricing: o.pricing, pricingFile: o.pricingFile });
    const since = now - sinceMs;
    const { attempts, truncated } = await readFinishedAttempts(store, { since, until: now });
    const report = costReport({
        attempts,
        since,
        until: now,
        workers,
        basis: { rate, memoryGbPerWorker },
        by: o.by,
    });
    if (truncated)
        report.notes.push(`read the first ${attempts.length} attempts only; use a shorter --since for the rest`);
    return { ...report, workersSource: source, rate, truncated };
}
export function registerCost(program) {
    const cmd = program
        .command('cost')
        .description('spend, cost per job, utilization and idle waste over a window, from measured attempts')
        .option('--since <duration>', 'window ending now, e.g. 1h, 24h, 7d', '24h')
        .option('--by <dim>', 'break down by task or queue')
        .option('--workers <n>', 'workers (cores) paid for over the window (default os.availableParallelism())')
        .option('--memory-gb <gb>', `memory reserved per worker, in GB (default ${DEFAULT_MEMORY_GB_PER_WORKER})`)
        .option('--pricing <name>', 'rate to price with (env COREBOUND_PRICING; see pricing/rates.json)')
        .option('--pricing-file <path>', 'your own rate table, merged over the defaults (env COREBOUND_PRICING_FILE)')
        .option('--json', 'print machine-readable output');
    addStoreOption(cmd).action(action(async (o) => {
        const store = await openStore(resolveStoreUrl(o.store));
        let out;
        try {
            out = await runCost(store, o);
        }
        finally {
            await store.close();
        }
        process.stdout.write(o.json
            ? `${JSON.stringify(out)}\n`
            : `${formatCostReport(out, { rate: out.rate, sinceText: o.since ?? '24h', workersSource: out.workersSource })}\n`);
    }));
}
//# sourceMappingURL=cost.js.map