const num = (v) => (v === null || v === undefined ? null : Number(v));
const json = (v) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);
export function rowToJob(r) {
    return {
        id: Number(r.id),
        task: r.task,
        queue: r.queue,
        state: r.state,
        input: json(r.input),
        priority: Number(r.priority),
        runAt: Number(r.run_at),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
        attempt: Number(r.attempt),
        errors: Number(r.errors),
        crashes: Number(r.crashes),
        maxAttempts: Number(r.max_attempts),
        maxCrashes: Number(r.max_crashes),
        timeoutMs: Number(r.timeout_ms),
        key: r.idem_key ?? null,
        parentId: num(r.parent_id),
        groupId: r.group_id ?? null,
        leaseToken: num(r.lease_token),
        leaseOwner: r.lease_owner ?? null,
        leaseExpiresAt: num(r.lease_expires_at),
        startedAt: num(r.started_at),
        finishedAt: num(r.finished_at),
        progress: num(r.progress),
        progressMessage: r.progress_message ?? null,
        checkpoint: json(r.checkpoint),
        resultSha: r.result_sha ?? null,
        lastError: json(r.last_error),
        deadReason: r.dead_reason ?? null,
        version: Number(r.version),
        traceparent: r.traceparent ?? null,
        cpuMs: Number(r.cpu_ms),
        wallMs: Number(r.wall_ms),
    };
}
export function rowToAttempt(r) {
    return {
        jobId: Number(r.job_id),
        attempt: Number(r.attempt),
        token: Number(r.token),
        workerId: r.worker_id,
        startedAt: Number(r.started_at),
        endedAt: num(r.ended_at),
        outcome: r.outcome,
        errorCode: r.error_code ?? null,
        errorMessage: r.error_message ?? null,
        errorStack: r.error_stack ?? null,
        waitMs: num(r.wait_ms),
        wallMs: num(r.wall_ms),
        cpuMs: num(r.cpu_ms),
        peakMemBytes: num(r.peak_mem_bytes),
    };
}
export function rowToFinishedAttempt(r) {
    return {
        jobId: Number(r.job_id),
        task: r.task,
        queue: r.queue,
        attempt: Number(r.attempt),
        outcome: r.outcome,
        startedAt: Number(r.started_at),
        endedAt: Number(r.ended_at),
        waitMs: num(r.wait_ms),
        wallMs: num(r.wall_ms),
        cpuMs: num(r.cpu_ms),
        peakMemBytes: num(r.peak_mem_bytes),
    };
}
export function rowToQueueConfig(r) {
    return {
        queue: r.queue,
        paused: Boolean(r.paused),
        maxDepth: num(r.max_depth),
        publicResults: Boolean(r.public_results),
    };
}
export function rowToToken(r) {
    return {
        id: r.id,
        name: r.name,
        hash: r.hash,
        scopes: json(r.scopes),
        createdAt: Number(r.created_at),
        revokedAt: num(r.revoked_at),
    };
}
export function emptyCounts() {
    return { scheduled: 0, queued: 0, running: 0, retrying: 0, succeeded: 0, dead: 0, cancelled: 0 };
}
//# sourceMappingURL=rows.js.map