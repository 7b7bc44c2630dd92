import { plan } from './planner.js';
export const DEFAULT_DRAIN_WITHIN_MS = 5 * 60_000;
export function scalingSignal(input) {
    const wanted = input.queues ? new Set(input.queues) : null;
    let queued = 0;
    let running = 0;
    for (const s of input.stats) {
        if (wanted && !wanted.has(s.queue))
            continue;
        queued += s.counts.queued ?? 0;
        running += s.counts.running ?? 0;
    }
    const inFlight = queued + running;
    const workers = Math.max(0, input.workers);
    const backlogPerWorker = workers > 0 ? inFlight / workers : inFlight;
    const base = { queued, running, inFlight, workers, backlogPerWorker };
    const clamp = (n) => Math.min(input.maxWorkers ?? Number.POSITIVE_INFINITY, Math.max(input.minWorkers ?? 0, n));
    const arrival = input.arrivalPerSec ?? 0;
    if (!input.service || input.service.meanMs <= 0) {
        if (inFlight === 0 && arrival === 0) {
            return { ...base, recommendedWorkers: clamp(0), steadyStateWorkers: 0, drainWorkers: 0, expectedQueued: 0, reason: 'idle' };
        }
        return {
            ...base,
            recommendedWorkers: null,
            steadyStateWorkers: null,
            drainWorkers: 0,
            expectedQueued: null,
            reason: 'no service-time history yet: scale on backlogPerWorker until attempts have finished',
        };
    }
    let steady = 0;
    let expectedQueued = 0;
    if (arrival > 0) {
        const p = plan({
            arrivalPerSec: arrival,
            service: { shape: 'measured', meanMs: input.service.meanMs, cv: input.service.cv },
            waitSloMs: input.waitSloMs,
            percentile: input.percentile,
        });
        steady = p.chosen.cores;
        expectedQueued = arrival * (p.chosen.meanWaitMs / 1000);
    }
    const excess = Math.max(0, queued - expectedQueued);
    const drainWithin = input.drainWithinMs ?? DEFAULT_DRAIN_WITHIN_MS;
    const drainWorkers = excess > 0 ? Math.ceil((excess * input.service.meanMs) / drainWithin) : 0;
    const recommended = clamp(Math.max(steady + drainWorkers, inFlight > 0 ? 1 : 0));
    const reason = arrival > 0
        ? `planner: ${steady} workers for ${arrival.toFixed(3)}/s at mean ${(input.service.meanMs / 1000).toFixed(2)}s` +
            (drainWorkers > 0 ? ` + ${drainWorkers} to drain ${Math.round(excess)} excess queued` : '')
        : inFlight > 0
            ? `no recent arrivals; ${drainWorkers || 1} to finish the ${inFlight} in flight`
            : 'idle';
    return { ...base, recommendedWorkers: recommended, steadyStateWorkers: steady, drainWorkers, expectedQueued, reason };
}
//# sourceMappingURL=scaling.js.map