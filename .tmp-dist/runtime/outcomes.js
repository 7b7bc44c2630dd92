import { backoffDelay } from '../core/retry.js';
/**
 * The rule from a worker's outcome to a store write: a result completes; a
 * job aborted for a drain is released whatever it then did (unless it
 * finished); anything else fails with its kind, and the task's retry policy
 * picks the backoff. A NonRetryableError (matched by name, since it crossed a
 * thread boundary) is not retried.
 */
export function outcomeToWrite(run, outcome, metrics, meta) {
    const lease = { id: run.id, token: run.token };
    if (outcome.kind === 'ok') {
        const item = { ...lease, result: Buffer.from(outcome.json), contentType: 'application/json', metrics };
        return { op: 'complete', item, meta };
    }
    if (run.draining)
        return { op: 'release', item: { ...lease, metrics }, meta };
    // 'killed' (terminated after ignoring an abort that was not a drain) is a crash of the worker.
    const kind = outcome.kind === 'killed' ? 'crash' : outcome.kind;
    const retryable = outcome.kind === 'error' ? outcome.retryable : true;
    const retryDelayMs = retryable ? backoffDelay(run.job.attempt, run.retry) : 0;
    return { op: 'fail', item: { ...lease, kind, error: outcome.error, retryable, retryDelayMs, metrics }, meta };
}
/** The 'attempt' event for a write the store answered (or that was given up on). */
export function writtenEvent(p, o) {
    const meta = p.meta;
    const metrics = p.item.metrics ?? {};
    if (!o?.ok)
        return { ...meta, outcome: o ? 'stale' : 'lost', metrics };
    const outcome = p.op === 'complete' ? 'succeeded' : p.op === 'fail' ? p.item.kind : 'released';
    const error = p.op === 'fail' ? p.item.error : undefined;
    return { ...meta, outcome, state: o.state, error, metrics };
}
//# sourceMappingURL=outcomes.js.map