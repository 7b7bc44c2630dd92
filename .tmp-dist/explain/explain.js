import { formatDuration } from '../core/duration.js';
import { ErrorCodes } from '../core/errors.js';
import { estimateStart } from './estimate.js';
export const at = (t) => new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
export const dur = (ms) => formatDuration(Math.max(0, ms));
const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const error = (code, message) => code ? `${code}${message ? `: ${message}` : ''}` : (message ?? 'no error recorded');
const OUTCOME_WORDS = {
    running: 'is running',
    succeeded: 'succeeded',
    error: 'failed with an error',
    timeout: 'hit its timeout and its thread was terminated',
    crash: 'crashed its worker thread',
    oom: 'ran out of memory (its thread was stopped)',
    lease_expired: 'lost its lease (the node stopped heartbeating) and was rescued',
    released: 'was handed back unfinished when its node drained (no budget used)',
    cancelled: 'was cancelled',
};
export function describeAttempt(a, now) {
    const parts = [`#${a.attempt} ${OUTCOME_WORDS[a.outcome]}`];
    const waited = a.waitMs !== null ? ` after waiting ${dur(a.waitMs)}` : '';
    parts.push(`started ${at(a.startedAt)}${waited} on ${a.workerId}`);
    const wall = a.wallMs ?? (a.endedAt !== null ? a.endedAt - a.startedAt : a.outcome === 'running' ? now - a.startedAt : null);
    if (wall !== null) {
        let ran = `${a.outcome === 'running' ? 'running for' : 'ran'} ${dur(wall)}`;
        if (a.cpuMs !== null) {
            ran += `, CPU ${dur(a.cpuMs)}`;
            if (wall > 0)
                ran += ` (${Math.round((100 * a.cpuMs) / wall)}% of a core)`;
        }
        parts.push(ran);
    }
    if (a.peakMemBytes !== null)
        parts.push(`peak heap ${Math.round(a.peakMemBytes / (1024 * 1024))} MB`);
    let text = parts.join('; ');
    if (a.errorCode || a.errorMessage)
        text += ` — ${error(a.errorCode, a.errorMessage)}`;
    return { attempt: a.attempt, outcome: a.outcome, text };
}
function budgets(job) {
    return `It has used ${job.errors} of ${plural(job.maxAttempts, 'error attempt')} and ${job.crashes} of ${plural(job.maxCrashes, 'crash', 'crashes')}.`;
}
export function explainJob(job, attempts, ctx) {
    const now = ctx.now;
    const name = `Job ${job.id} (task ${job.task}, queue ${job.queue})`;
    const details = [];
    let summary;
    let command;
    let estimate;
    const last = attempts[attempts.length - 1];
    switch (job.state) {
        case 'queued': {
            const since = now - job.runAt;
            summary = `${name} is queued: it is runnable and waiting for a free worker (for ${dur(since)}, since ${at(job.runAt)}).`;
            estimate = estimateStart(job, ctx);
            details.push(...estimate.reasons);
            if (job.attempt > 0)
                details.push(`It has run ${plural(job.attempt, 'time')} before. ${budgets(job)}`);
            break;
        }
        case 'scheduled':
        case 'retrying': {
            const due = job.runAt <= now;
            if (job.state === 'scheduled') {
                summary = due
                    ? `${name} is scheduled and became due ${dur(now - job.runAt)} ago (${at(job.runAt)}); the next maintenance pass moves it to the queue.`
                    : `${name} is scheduled: it becomes runnable at ${at(job.runAt)}, in ${dur(job.runAt - now)}.`;
            }
            else {
                const err = job.lastError ? ` with ${error(job.lastError.code, job.lastError.message)}` : '';
                summary = due
                    ? `${name} failed attempt ${job.attempt}${err}; its retry became due ${dur(now - job.runAt)} ago and the next maintenance pass queues it.`
                    : `${name} failed attempt ${job.attempt}${err} and will be retried: attempt ${job.attempt + 1} is due at ${at(job.runAt)}, in ${dur(job.runAt - now)} (backoff).`;
                details.push(budgets(job));
            }
            details.push('Once due it is queued and waits for a free worker like any other job.');
            command = `corebound retry ${job.id}`;
            details.push(`To run it now instead: ${command}`);
            break;
        }
        case 'running': {
            const started = job.startedAt ?? last?.startedAt ?? now;
            const owner = job.leaseOwner ? ` on ${job.leaseOwner}` : '';
            summary = `${name} is running attempt ${job.attempt}${owner}, for ${dur(now - started)} (since ${at(started)}).`;
            if (job.progress !== null) {
                const pct = Math.round(job.progress * 100);
                let p = `Progress ${pct}%${job.progressMessage ? ` (${job.progressMessage})` : ''}`;
                const elapsed = now - started;
                if (job.progress > 0.02 && job.progress < 1 && elapsed > 0) {
                    p += `; at this pace about ${dur(elapsed / job.progress - elapsed)} remain`;
                }
                details.push(`${p}.`);
            }
            else {
                details.push('It has not reported progress.');
            }
            if (ctx.service && ctx.service.samples > 0) {
                details.push(`Recent attempts of ${job.task} took ${dur(ctx.service.meanMs)} on average (${plural(ctx.service.samples, 'attempt')}).`);
            }
            details.push(`Its timeout is ${dur(job.timeoutMs)} per attempt.`);
            if (job.leaseExpiresAt !== null) {
                if (job.leaseExpiresAt >= now) {
                    details.push(`Its lease runs until ${at(job.leaseExpiresAt)} (in ${dur(job.leaseExpiresAt - now)}) and is renewed by heartbeats; if the node dies the lease expires and the job is rescued and run again.`);
                }
                else {
                    details.push(`Its lease expired ${dur(now - job.leaseExpiresAt)} ago: the node running it has probably stopped. Maintenance will rescue it (a crash, ${job.crashes + 1} of ${job.maxCrashes}) and queue it again.`);
                }
            }
            break;
        }
        case 'succeeded': {
            const took = job.finishedAt !== null ? ` at ${at(job.finishedAt)}` : '';
            summary = `${name} succeeded on attempt ${job.attempt}${took}.`;
            const total = job.finishedAt !== null ? `, ${dur(job.finishedAt - job.createdAt)} from enqueue to result` : '';
            details.push(`Work: ${dur(job.wallMs)} of worker time over ${plural(attempts.length || job.attempt, 'attempt')}, CPU ${dur(job.cpuMs)}${total}.`);
            if (job.resultSha)
                details.push(`Result sha256:${job.resultSha} (GET /v1/results/${job.resultSha}).`);
            break;
        }
        case 'dead': {
            const lastErr = error(job.lastError?.code ?? last?.errorCode, job.lastError?.message ?? last?.errorMessage);
            if (job.deadReason === 'poison') {
                summary = `${name} is dead (poison): it crashed its worker ${plural(job.crashes, 'time')}, the limit is ${job.maxCrashes}.`;
                details.push(`The last attempt ${last ? OUTCOME_WORDS[last.outcome] : 'crashed'} — ${lastErr}.`);
                details.push('Crashes (thread exits, out of memory, lost nodes) usually mean the input makes the task use too much memory or kill its thread; check the input before replaying.');
            }
            else if (job.deadReason === 'non_retryable' || job.lastError?.code === ErrorCodes.UNKNOWN_TASK) {
                summary = `${name} is dead (non-retryable): attempt ${job.attempt} failed with an error marked as not worth retrying — ${lastErr}.`;
                details.push(job.lastError?.code === ErrorCodes.UNKNOWN_TASK
                    ? `No node that claimed it knows a task named "${job.task}"; deploy the task, then replay.`
                    : 'Retrying the same input gives the same error; fix the input or the task first.');
            }
            else {
                summary = `${name} is dead (exhausted): all ${plural(job.maxAttempts, 'error attempt')} failed; the last with ${lastErr}.`;
            }
            if (job.finishedAt !== null)
                details.push(`It died at ${at(job.finishedAt)}. ${budgets(job)}`);
            command = `corebound retry ${job.id}`;
            details.push(`To replay it with fresh budgets: ${command} (or POST /v1/jobs/${job.id}/retry).`);
            break;
        }
        case 'cancelled': {
            summary = `${name} was cancelled${job.finishedAt !== null ? ` at ${at(job.finishedAt)}` : ''}${job.attempt > 0 ? ` after ${plural(job.attempt, 'attempt')}` : ' before it ran'}.`;
            command = `corebound retry ${job.id}`;
            details.push(`To run it again: ${command}`);
            break;
        }
    }
    const lines = attempts.map((a) => describeAttempt(a, now));
    const text = [
        summary,
        ...details.map((d) => `  ${d}`),
        ...(lines.length ? ['Attempts:', ...lines.map((l) => `  ${l.text}`)] : ['No attempts yet.']),
    ].join('\n');
    return { id: job.id, state: job.state, summary, details, attempts: lines, estimate, command, text };
}
//# sourceMappingURL=explain.js.map