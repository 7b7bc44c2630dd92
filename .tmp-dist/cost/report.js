import { addCost, attemptCost, attemptWallMs, workerHourUsd, ZERO_COST } from './attempt-cost.js';
import { mean, percentile } from './stats.js';
export function spendClass(outcome) {
    switch (outcome) {
        case 'succeeded':
            return 'succeeded';
        case 'error':
        case 'timeout':
            return 'failed';
        case 'crash':
        case 'oom':
        case 'lease_expired':
            return 'crashed';
        default:
            // released (drain), cancelled, and a 'running' row that should not be here.
            return 'interrupted';
    }
}
export function summarizeSpend(attempts, basis) {
    const byClass = {
        succeeded: { attempts: 0, usd: 0 },
        failed: { attempts: 0, usd: 0 },
        crashed: { attempts: 0, usd: 0 },
        interrupted: { attempts: 0, usd: 0 },
    };
    const perJob = new Map();
    let total = { ...ZERO_COST };
    for (const a of attempts) {
        const c = attemptCost(a, basis);
        total = addCost(total, c);
        const cls = byClass[spendClass(a.outcome)];
        cls.attempts += 1;
        cls.usd += c.usd;
        perJob.set(a.jobId, (perJob.get(a.jobId) ?? 0) + c.usd);
    }
    const jobCosts = [...perJob.values()];
    const share = (usd) => (total.usd > 0 ? usd / total.usd : 0);
    const failedShare = share(byClass.failed.usd);
    const crashedShare = share(byClass.crashed.usd);
    return {
        attempts: attempts.length,
        jobs: perJob.size,
        cost: total,
        perJob: { meanUsd: mean(jobCosts), p95Usd: percentile(jobCosts, 0.95) },
        byClass,
        failedShare,
        crashedShare,
        lostShare: failedShare + crashedShare,
    };
}
export function utilization(input) {
    const { since, until, workers, basis } = input;
    let busyMs = 0;
    for (const a of input.attempts) {
        // An attempt that began before the window only counts for the part inside it.
        const end = Math.min(a.endedAt, until);
        const start = Math.max(a.endedAt - attemptWallMs(a), since);
        if (end > start)
            busyMs += end - start;
    }
    const busyCoreSeconds = busyMs / 1000;
    const availableCoreSeconds = (workers * Math.max(0, until - since)) / 1000;
    const idleCoreSeconds = Math.max(0, availableCoreSeconds - busyCoreSeconds);
    const perCoreSecond = workerHourUsd(basis) / 3600;
    return {
        workers,
        busyCoreSeconds,
        availableCoreSeconds,
        utilization: availableCoreSeconds > 0 ? busyCoreSeconds / availableCoreSeconds : 0,
        idleCoreSeconds,
        idleUsd: idleCoreSeconds * perCoreSecond,
        fleetUsd: availableCoreSeconds * perCoreSecond,
    };
}
export function costReport(input) {
    const { attempts, since, until, basis, by } = input;
    const util = utilization(input);
    const report = {
        window: { since, until, seconds: Math.max(0, until - since) / 1000 },
        pricing: {
            name: basis.rate.name,
            vcpuHour: basis.rate.vcpuHour,
            gbHour: basis.rate.gbHour,
            memoryGbPerWorker: basis.memoryGbPerWorker,
            workerHourUsd: workerHourUsd(basis),
        },
        totals: summarizeSpend(attempts, basis),
        utilization: util,
        notes: [],
    };
    if (by) {
        const groups = new Map();
        for (const a of attempts) {
            const key = by === 'task' ? a.task : a.queue;
            const list = groups.get(key);
            if (list)
                list.push(a);
            else
                groups.set(key, [a]);
        }
        report.by = by;
        report.groups = [...groups.entries()]
            .map(([key, list]) => ({ key, ...summarizeSpend(list, basis) }))
            .sort((x, y) => y.cost.usd - x.cost.usd || x.key.localeCompare(y.key));
    }
    if (util.utilization > 1) {
        report.notes.push(`busy core-seconds exceed ${util.workers} workers × the window: several nodes share this store, or --workers is too low; pass the fleet's total worker count`);
    }
    if (attempts.length > 0) {
        report.notes.push('a job whose attempts straddle the window start counts only its attempts that ended inside the window; running attempts are not counted until they finish');
    }
    return report;
}
//# sourceMappingURL=report.js.map