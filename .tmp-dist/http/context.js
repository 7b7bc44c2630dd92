export const resultPath = (sha) => `/v1/results/${sha}`;
/**
 * Where a finished job's result can be fetched: the plain, CDN-cacheable
 * path when its queue's results are public (and the store can tell which
 * queues a result belongs to), otherwise a signed, expiring URL.
 */
export function resultUrlFor(ctx, job) {
    if (job.state !== 'succeeded' || !job.resultSha)
        return undefined;
    const path = resultPath(job.resultSha);
    const isPublic = ctx.monitor.config(job.queue).publicResults && typeof ctx.store.resultQueues === 'function';
    return ctx.publicBaseUrl + (isPublic ? path : ctx.signer.sign(path));
}
/** Status responses may sit in a shared cache only when no token is needed to read them. */
export const sharedCacheable = (ctx) => !ctx.auth.required;
//# sourceMappingURL=context.js.map