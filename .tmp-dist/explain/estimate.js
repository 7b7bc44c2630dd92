import { formatDuration } from '../core/duration.js';
const dur = (ms) => formatDuration(Math.max(0, ms));
const n = (x) => x.toLocaleString('en-US');
/**
 * When a queued job should start: (jobs ahead + 1) ÷ the rate jobs leave its
 * queue. The rate is the snapshot's measured drain rate when there is one,
 * else running jobs ÷ the task's mean attempt time. A rough, honest number:
 * it assumes the jobs ahead take as long as recent ones and that the
 * workers serving the queue stay as they are.
 */
export function estimateStart(job, ctx) {
    const reasons = [];
    const q = ctx.queue ?? null;
    const est = {
        ahead: ctx.ahead?.count ?? null,
        aheadCapped: ctx.ahead?.capped ?? false,
        running: q?.running ?? null,
        ratePerSec: null,
        basis: null,
        startInMs: null,
        startsAt: null,
        blocked: null,
        reasons,
    };
    if (q?.paused) {
        est.blocked = 'paused';
        reasons.push(`Queue ${job.queue} is paused: nothing in it starts until it is resumed (POST /v1/queues/${job.queue}/resume).`);
    }
    if (ctx.ahead) {
        const { count, capped } = ctx.ahead;
        reasons.push(count === 0
            ? `It is first in line in queue ${job.queue}.`
            : `${capped ? 'At least ' : ''}${n(count)} ${count === 1 ? 'job is' : 'jobs are'} ahead of it in queue ${job.queue} (claimed first: lower priority number, then earlier run time).`);
    }
    else if (q) {
        reasons.push(`${n(q.queued)} ${q.queued === 1 ? 'job is' : 'jobs are'} queued in ${job.queue}; its exact position is unknown.`);
    }
    if (q)
        reasons.push(`${n(q.running)} ${q.running === 1 ? 'job' : 'jobs'} of queue ${job.queue} ${q.running === 1 ? 'is' : 'are'} running now.`);
    if (ctx.workers)
        reasons.push(`This node has ${ctx.workers.busy} of ${ctx.workers.total} worker threads busy.`);
    if (ctx.service && ctx.service.samples > 0) {
        reasons.push(`Recent attempts of ${job.task} took ${dur(ctx.service.meanMs)} on average (${n(ctx.service.samples)} measured).`);
    }
    if (est.blocked)
        return est;
    if (q && q.drainPerSec > 0) {
        est.ratePerSec = q.drainPerSec;
        est.basis = 'drain-rate';
    }
    else if (ctx.service && ctx.service.meanMs > 0 && q && q.running > 0) {
        est.ratePerSec = q.running / (ctx.service.meanMs / 1000);
        est.basis = 'service-time';
    }
    if (est.ratePerSec === null) {
        if (q && q.running === 0 && q.drainPerSec === 0) {
            est.blocked = 'no-workers';
            reasons.push(`Nothing in queue ${job.queue} is running and nothing has left it recently: check that a worker serves this queue (a node with a task named ${job.task}, or --queues ${job.queue}).`);
        }
        else {
            reasons.push(`No estimate yet: no attempts of ${job.task} have finished recently to measure how long one takes.`);
        }
        return est;
    }
    const ahead = est.ahead ?? q?.queued ?? 0;
    est.startInMs = ((ahead + 1) / est.ratePerSec) * 1000;
    est.startsAt = ctx.now + est.startInMs;
    const from = est.basis === 'drain-rate'
        ? `${est.ratePerSec.toFixed(2)} jobs/s leave the queue`
        : `${n(q?.running ?? 0)} running × ${dur(ctx.service?.meanMs ?? 0)} per attempt`;
    const bound = est.ahead === null ? 'at the latest ' : est.aheadCapped ? 'no sooner than ' : '';
    reasons.push(`Estimate: it should start ${bound}in about ${dur(est.startInMs)} (around ${new Date(est.startsAt).toISOString()}), since ${from}.`);
    return est;
}
//# sourceMappingURL=estimate.js.map