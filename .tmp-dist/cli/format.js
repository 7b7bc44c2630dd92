import { formatDuration } from '../core/duration.js';
const iso = (t) => (t === null ? '-' : new Date(t).toISOString());
export function bar(fraction, width = 20) {
    const f = Math.min(1, Math.max(0, fraction));
    const full = Math.round(f * width);
    return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0)}%`;
}
/** The human view of `corebound status`: what state, why, and what happened. */
export function formatJob(job, attempts) {
    const lines = [
        `job ${job.id}  ${job.state}${job.deadReason ? ` (${job.deadReason})` : ''}`,
        `  task ${job.task}  queue ${job.queue}  priority ${job.priority}`,
        `  attempt ${job.attempt}  errors ${job.errors}/${job.maxAttempts}  crashes ${job.crashes}/${job.maxCrashes}  timeout ${formatDuration(job.timeoutMs)}`,
        `  created ${iso(job.createdAt)}  runAt ${iso(job.runAt)}`,
    ];
    if (job.state === 'running') {
        lines.push(`  progress ${bar(job.progress ?? 0)}${job.progressMessage ? `  ${job.progressMessage}` : ''}`);
        lines.push(`  worker ${job.leaseOwner}  started ${iso(job.startedAt)}  lease until ${iso(job.leaseExpiresAt)}`);
    }
    if (job.finishedAt)
        lines.push(`  finished ${iso(job.finishedAt)}`);
    if (job.resultSha)
        lines.push(`  result sha256:${job.resultSha}`);
    if (job.lastError)
        lines.push(`  last error ${job.lastError.code}: ${job.lastError.message}`);
    if (job.cpuMs || job.wallMs)
        lines.push(`  cpu ${formatDuration(job.cpuMs)}  wall ${formatDuration(job.wallMs)}`);
    for (const a of attempts) {
        const took = a.wallMs !== null ? formatDuration(a.wallMs) : '-';
        const cpu = a.cpuMs !== null ? formatDuration(a.cpuMs) : '-';
        const err = a.errorCode ? `  ${a.errorCode}: ${a.errorMessage ?? ''}` : '';
        lines.push(`  #${a.attempt} ${a.outcome.padEnd(13)} ${iso(a.startedAt)}  wall ${took}  cpu ${cpu}  on ${a.workerId}${err}`);
    }
    return lines.join('\n');
}
export function formatJobRow(j) {
    const progress = j.state === 'running' && j.progress !== null ? ` ${(j.progress * 100).toFixed(0)}%` : '';
    return `${String(j.id).padStart(8)}  ${j.state.padEnd(9)}${progress.padEnd(5)}  ${j.queue.padEnd(16)} ${j.task.padEnd(16)} attempt ${j.attempt}  ${iso(j.createdAt)}`;
}
//# sourceMappingURL=format.js.map