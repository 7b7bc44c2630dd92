import { CoreboundError, ErrorCodes } from '../core/errors.js';
/** Fargate's smallest memory size for one vCPU; a fair default for one worker per core. */
export const DEFAULT_MEMORY_GB_PER_WORKER = 2;
export const ZERO_COST = Object.freeze({
    coreSeconds: 0,
    cpuSeconds: 0,
    gbSeconds: 0,
    vcpuUsd: 0,
    memoryUsd: 0,
    usd: 0,
});
export function validateBasis(basis) {
    const m = basis.memoryGbPerWorker;
    if (!Number.isFinite(m) || m < 0) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `memory per worker must be a number of GB >= 0, got ${m}`);
    }
}
/** USD for one worker (one core plus its memory) for one hour. */
export function workerHourUsd(basis) {
    return basis.rate.vcpuHour + basis.memoryGbPerWorker * basis.rate.gbHour;
}
/** Wall time as measured by the supervisor; the attempt's span when that is missing (a crash has no report). */
export function attemptWallMs(a) {
    if (a.wallMs !== null && a.wallMs >= 0)
        return a.wallMs;
    if (a.endedAt !== null)
        return Math.max(0, a.endedAt - a.startedAt);
    return 0;
}
export function costOfUsage(wallMs, cpuMs, basis) {
    const coreSeconds = wallMs / 1000;
    const gbSeconds = coreSeconds * basis.memoryGbPerWorker;
    const vcpuUsd = (coreSeconds / 3600) * basis.rate.vcpuHour;
    const memoryUsd = (gbSeconds / 3600) * basis.rate.gbHour;
    return { coreSeconds, cpuSeconds: cpuMs / 1000, gbSeconds, vcpuUsd, memoryUsd, usd: vcpuUsd + memoryUsd };
}
export function attemptCost(a, basis) {
    return costOfUsage(attemptWallMs(a), Math.max(0, a.cpuMs ?? 0), basis);
}
export function addCost(x, y) {
    return {
        coreSeconds: x.coreSeconds + y.coreSeconds,
        cpuSeconds: x.cpuSeconds + y.cpuSeconds,
        gbSeconds: x.gbSeconds + y.gbSeconds,
        vcpuUsd: x.vcpuUsd + y.vcpuUsd,
        memoryUsd: x.memoryUsd + y.memoryUsd,
        usd: x.usd + y.usd,
    };
}
/** A job's cost is the sum of all its attempts: retries and crashed attempts are paid for too. */
export function jobCost(attempts, basis) {
    return attempts.reduce((sum, a) => addCost(sum, attemptCost(a, basis)), { ...ZERO_COST });
}
//# sourceMappingURL=attempt-cost.js.map