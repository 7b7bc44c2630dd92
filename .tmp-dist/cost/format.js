import { formatDuration } from '../core/duration.js';
/** Text views of the cost report and the plan; the commands print these or the JSON. */
export function usd(x) {
    if (x === 0)
        return '$0';
    const a = Math.abs(x);
    if (a >= 100)
        return `$${x.toFixed(0)}`;
    if (a >= 1)
        return `$${x.toFixed(2)}`;
    return `$${x.toPrecision(3)}`;
}
export function pct(x, digits = 1) {
    return `${(x * 100).toFixed(digits)}%`;
}
const secs = (s) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${s.toFixed(1)} s`);
const pad = (s, n) => s.padEnd(n);
const lpad = (s, n) => s.padStart(n);
export function describeRate(rate, memoryGbPerWorker) {
    const mem = rate.gbHour > 0 ? ` + ${memoryGbPerWorker} GB × $${rate.gbHour}/GB-h` : ' (memory included)';
    const kind = rate.kind === 'list' ? `list price as of ${rate.asOf}` : `custom rate as of ${rate.asOf}`;
    return `${rate.name}: $${+rate.vcpuHour.toPrecision(6)}/vCPU-h${mem}; ${kind} (${rate.source})`;
}
function lostLine(s) {
    const c = s.byClass;
    const parts = [
        `failed ${pct(s.failedShare)} (${usd(c.failed.usd)}, ${c.failed.attempts} attempts)`,
        `crashed ${pct(s.crashedShare)} (${usd(c.crashed.usd)}, ${c.crashed.attempts} attempts)`,
    ];
    const interrupted = c.interrupted.attempts > 0 ? `; drained/cancelled ${usd(c.interrupted.usd)}` : '';
    return `${parts.join('  ')}  = ${pct(s.lostShare)} of spend${interrupted}`;
}
export function formatCostReport(r, ctx) {
    const t = r.totals;
    const u = r.utilization;
    const cpuShare = t.cost.coreSeconds > 0 ? ` (${pct(t.cost.cpuSeconds / t.cost.coreSeconds, 0)} of reserved)` : '';
    const lines = [
        `cost over the last ${ctx.sinceText}  ${new Date(r.window.since).toISOString()} → ${new Date(r.window.until).toISOString()}`,
        `pricing     ${describeRate(ctx.rate, r.pricing.memoryGbPerWorker)}`,
        `            = ${usd(r.pricing.workerHourUsd)} per worker-hour (one core + ${r.pricing.memoryGbPerWorker} GB)`,
        `spend       ${usd(t.cost.usd)}  ${t.attempts} attempts of ${t.jobs} jobs  reserved ${secs(t.cost.coreSeconds)}  cpu ${secs(t.cost.cpuSeconds)}${cpuShare}`,
        `per job     mean ${usd(t.perJob.meanUsd)}  p95 ${usd(t.perJob.p95Usd)}`,
        `lost        ${lostLine(t)}`,
        `utilization ${pct(u.utilization)} = busy ${secs(u.busyCoreSeconds)} ÷ available ${secs(u.availableCoreSeconds)} (${u.workers} workers × ${ctx.sinceText})`,
        `            workers: ${ctx.workersSource}`,
        `idle waste  ${usd(u.idleUsd)} of ${usd(u.fleetUsd)} paid for the fleet over the window`,
    ];
    if (r.groups && r.by) {
        lines.push('', `${pad(r.by, 20)} ${lpad('spend', 10)} ${lpad('share', 7)} ${lpad('attempts', 9)} ${lpad('jobs', 7)} ${lpad('mean/job', 10)} ${lpad('p95/job', 10)} ${lpad('lost', 7)}`);
        for (const g of r.groups) {
            const share = t.cost.usd > 0 ? g.cost.usd / t.cost.usd : 0;
            lines.push(`${pad(g.key, 20)} ${lpad(usd(g.cost.usd), 10)} ${lpad(pct(share), 7)} ${lpad(String(g.attempts), 9)} ${lpad(String(g.jobs), 7)} ${lpad(usd(g.perJob.meanUsd), 10)} ${lpad(usd(g.perJob.p95Usd), 10)} ${lpad(pct(g.lostShare), 7)}`);
        }
    }
    for (const n of r.notes)
        lines.push(`note: ${n}`);
    return lines.join('\n');
}
function estimateRow(e, chosen) {
    return `${e.cores === chosen ? '→' : ' '} ${lpad(String(e.cores), 6)}  ${lpad(pct(e.utilization), 6)}  ${lpad(pct(e.pWait), 9)}  ${lpad(pct(e.pWaitOverSlo, 2), 11)}  ${lpad(formatDuration(e.meanWaitMs), 9)}  ${lpad(formatDuration(e.percentileWaitMs), 9)}`;
}
export function formatPlan(v) {
    const c = v.plan.chosen;
    const p = `p${+(v.percentile * 100).toFixed(2)}`;
    const slo = formatDuration(v.waitSloMs);
    const lines = [
        `plan: ${+v.arrivalPerSec.toPrecision(4)} arrivals/s, service ${v.serviceText}, wait ≤ ${slo} for ${pct(v.percentile, 2).replace(/\.?0+%$/, '%')} of jobs`,
        `model ${v.plan.model}${v.plan.varianceFactor !== 1 ? `, wait scaled by (1 + cv²)/2 = ${v.plan.varianceFactor.toFixed(3)}` : ''}; offered load ${v.plan.offeredLoad.toFixed(2)} busy cores`,
        '',
        `${c.cores} cores${c.meetsSlo ? '' : ' (does NOT meet the SLO)'}: utilization ${pct(c.utilization)}, P(wait > 0) ${pct(c.pWait)}, P(wait > ${slo}) ${pct(c.pWaitOverSlo, 2)}, mean wait ${formatDuration(c.meanWaitMs)}, ${p} wait ${formatDuration(c.percentileWaitMs)}`,
        '',
        `  ${lpad('cores', 6)}  ${lpad('util', 6)}  ${lpad('P(wait>0)', 9)}  ${lpad(`P(>${slo})`, 11)}  ${lpad('mean wait', 9)}  ${lpad(`${p} wait`, 9)}`,
        ...v.plan.around.map((e) => estimateRow(e, c.cores)),
        '',
        `cost of ${c.cores} workers (one core + ${v.memoryGbPerWorker} GB each), by pricing:`,
        `  ${pad('pricing', 14)} ${lpad('$/hour', 10)} ${lpad('$/job', 11)} ${lpad('busy-only $/job', 16)}`,
    ];
    for (const k of v.costs) {
        const mark = k.name === v.chosenPricing ? '*' : ' ';
        lines.push(`${mark} ${pad(k.name, 14)} ${lpad(usd(k.usdPerHour), 10)} ${lpad(usd(k.usdPerJob), 11)} ${lpad(usd(k.busyUsdPerJob), 16)}`);
    }
    lines.push('  (* = chosen pricing; busy-only = the same job on a fleet that is never idle)');
    for (const n of v.notes)
        lines.push(`note: ${n}`);
    return lines.join('\n');
}
//# sourceMappingURL=format.js.map