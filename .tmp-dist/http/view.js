import { jobCost } from '../cost/attempt-cost.js';
/**
 * The public shape of a job. Lease internals (fencing token, owner) and
 * error stacks stay inside: the first is a capability of the worker, the
 * second can leak paths and code.
 */
export function jobView(job, now, extra = {}) {
    const running = job.state === 'running';
    const view = {
        id: job.id,
        task: job.task,
        queue: job.queue,
        state: job.state,
        priority: job.priority,
        key: job.key,
        parentId: job.parentId,
        groupId: job.groupId,
        attempt: job.attempt,
        errors: job.errors,
        crashes: job.crashes,
        maxAttempts: job.maxAttempts,
        maxCrashes: job.maxCrashes,
        timeoutMs: job.timeoutMs,
        progress: job.progress,
        progressMessage: job.progressMessage,
        createdAt: job.createdAt,
        runAt: job.runAt,
        startedAt: job.startedAt,
        finishedAt: job.finishedAt,
        updatedAt: job.updatedAt,
        timings: {
            waitMs: job.startedAt !== null ? Math.max(0, job.startedAt - job.createdAt) : null,
            runMs: job.startedAt === null
                ? null
                : job.finishedAt !== null
                    ? Math.max(0, job.finishedAt - job.startedAt)
                    : running
                        ? Math.max(0, now - job.startedAt)
                        : null,
            totalMs: job.finishedAt !== null ? Math.max(0, job.finishedAt - job.createdAt) : null,
            cpuMs: job.cpuMs,
            wallMs: job.wallMs,
        },
        lastError: job.lastError ? { code: String(job.lastError.code), message: String(job.lastError.message) } : null,
        deadReason: job.deadReason,
        resultSha: job.resultSha,
        version: job.version,
    };
    if (extra.resultUrl !== undefined)
        view.resultUrl = extra.resultUrl;
    if (extra.input)
        view.input = job.input;
    if (extra.history) {
        view.history = extra.history.map((a) => ({
            attempt: a.attempt,
            workerId: a.workerId,
            startedAt: a.startedAt,
            endedAt: a.endedAt,
            outcome: a.outcome,
            errorCode: a.errorCode,
            errorMessage: a.errorMessage,
            waitMs: a.waitMs,
            wallMs: a.wallMs,
            cpuMs: a.cpuMs,
            peakMemBytes: a.peakMemBytes,
        }));
        if (extra.cost) {
            const c = jobCost(extra.history, extra.cost);
            view.cost = { usd: c.usd, coreSeconds: c.coreSeconds, cpuSeconds: c.cpuSeconds, rate: extra.cost.rate.name };
        }
    }
    return view;
}
//# sourceMappingURL=view.js.map