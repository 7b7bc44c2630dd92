import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { workerHourUsd } from './attempt-cost.js';
import { erlangC, smallestServers } from './erlang.js';
export const DEFAULT_MAX_CORES = 1_000_000;
const bad = (msg) => new CoreboundError(ErrorCodes.INVALID_OPTION, msg);
export function varianceFactor(cv) {
    return (1 + cv * cv) / 2;
}
function validate(input) {
    const { arrivalPerSec: l, service: s, waitSloMs, percentile: p } = input;
    if (!Number.isFinite(l) || l <= 0)
        throw bad(`arrival rate must be > 0 per second, got ${l}`);
    if (!Number.isFinite(s.meanMs) || s.meanMs <= 0)
        throw bad(`mean service time must be > 0, got ${s.meanMs} ms`);
    if (!Number.isFinite(s.cv) || s.cv < 0)
        throw bad(`service-time cv must be >= 0, got ${s.cv}`);
    if (!Number.isFinite(waitSloMs) || waitSloMs < 0)
        throw bad(`wait SLO must be >= 0, got ${waitSloMs} ms`);
    if (!Number.isFinite(p) || p <= 0 || p >= 1)
        throw bad(`percentile must be strictly between 0 and 1, got ${p}`);
    if (input.cores !== undefined && (!Number.isInteger(input.cores) || input.cores < 1)) {
        throw bad(`cores must be a whole number >= 1, got ${input.cores}`);
    }
}
/** P(W > t) for the given Erlang C, drain rate θ (1/s) and variance factor. */
function tail(C, thetaPerSec, k, tMs) {
    return C * Math.exp((-thetaPerSec * (tMs / 1000)) / k);
}
function estimateWith(c, input, C) {
    const a = input.arrivalPerSec * (input.service.meanMs / 1000);
    const k = varianceFactor(input.service.cv);
    const theta = (c - a) / (input.service.meanMs / 1000);
    const q = 1 - input.percentile;
    const pWaitOverSlo = tail(C, theta, k, input.waitSloMs);
    return {
        cores: c,
        offeredLoad: a,
        utilization: a / c,
        pWait: C,
        pWaitOverSlo,
        meanWaitMs: ((k * C) / theta) * 1000,
        // Solve C·e^(−θt/k) = 1 − p for t; no wait at all when C is already below 1 − p.
        percentileWaitMs: C <= q ? 0 : ((k * Math.log(C / q)) / theta) * 1000,
        meetsSlo: pWaitOverSlo <= q,
    };
}
/** The queue's behaviour with exactly c cores; throws when c ≤ a (the backlog would grow forever). */
export function evaluate(c, input) {
    validate({ ...input, cores: c });
    const a = input.arrivalPerSec * (input.service.meanMs / 1000);
    if (c <= a) {
        throw bad(`unstable: ${c} cores cannot keep up with an offered load of ${a.toFixed(2)} busy cores (arrival × mean service time); need more than ${Math.floor(a)}`);
    }
    return estimateWith(c, input, erlangC(c, a));
}
export function plan(input) {
    validate(input);
    const a = input.arrivalPerSec * (input.service.meanMs / 1000);
    const k = varianceFactor(input.service.cv);
    const maxCores = input.maxCores ?? DEFAULT_MAX_CORES;
    let cores = input.cores;
    if (cores === undefined) {
        if (a >= maxCores)
            throw bad(`offered load ${a.toFixed(0)} busy cores exceeds the planner's limit of ${maxCores} cores`);
        const q = 1 - input.percentile;
        const found = smallestServers(a, maxCores, (c, C) => tail(C, (c - a) / (input.service.meanMs / 1000), k, input.waitSloMs) <= q);
        if (found === null)
            throw bad(`no core count up to ${maxCores} meets the wait SLO`);
        cores = found;
    }
    const chosen = evaluate(cores, input);
    const around = [];
    for (let c = cores - 2; c <= cores + 1; c++) {
        if (c > a && c >= 1)
            around.push(c === cores ? chosen : evaluate(c, input));
    }
    return { model: k === 1 ? 'M/M/c' : 'M/G/c (Allen–Cunneen)', varianceFactor: k, offeredLoad: a, chosen, around };
}
/**
 * $ for a fleet of `cores` workers under each rate. `jobsPerSec` may differ
 * from the planner's arrival rate when that counts attempts (retries).
 */
export function planCosts(cores, jobsPerSec, serviceMsPerJob, rates, memoryGbPerWorker) {
    return rates.map((rate) => {
        const basis = { rate, memoryGbPerWorker };
        const hour = workerHourUsd(basis);
        return {
            name: rate.name,
            label: rate.label,
            usdPerHour: cores * hour,
            usdPerJob: (cores * hour) / (jobsPerSec * 3600),
            busyUsdPerJob: (serviceMsPerJob / 3_600_000) * hour,
        };
    });
}
//# sourceMappingURL=planner.js.map