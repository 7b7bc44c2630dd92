import { applyTask } from '../client/task-spec.js';
import { CoreboundError, ErrorCodes, isCoreboundError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { prepareSpec } from '../core/validate.js';
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/**
 * Maps an HTTP job request onto the store's EnqueueSpec, then applies the
 * task catalog the same way the client does (applyTask: unknown task →
 * CB_UNKNOWN_TASK 404, input checked against the task's schema → 422 with
 * `input.…` paths, task queue/timeout/retry budgets as defaults). Finally
 * prepareSpec checks the payload bound (413) on the bytes that would be
 * stored. `at` prefixes issue paths and messages inside a batch.
 */
export function toEnqueueSpec(body, opts) {
    const at = opts.at ? `${opts.at}.` : '';
    const base = { task: body.task, input: body.input };
    if (body.queue !== undefined)
        base.queue = body.queue;
    if (body.key !== undefined)
        base.key = body.key;
    if (body.priority !== undefined)
        base.priority = body.priority;
    if (body.delay !== undefined)
        base.delayMs = duration(body.delay, `${at}delay`);
    if (body.runAt !== undefined)
        base.runAt = typeof body.runAt === 'number' ? body.runAt : Date.parse(body.runAt);
    if (body.timeout !== undefined)
        base.timeoutMs = duration(body.timeout, `${at}timeout`);
    if (body.attempts !== undefined)
        base.maxAttempts = body.attempts;
    if (opts.traceparent && TRACEPARENT.test(opts.traceparent))
        base.traceparent = opts.traceparent;
    let spec;
    try {
        spec = applyTask(base, opts.catalog);
    }
    catch (e) {
        if (isCoreboundError(e))
            throw at ? withPrefix(e, at) : e;
        // A task schema can throw (deep recursion, a buggy refine): still the caller's input.
        throw new CoreboundError(ErrorCodes.INVALID_INPUT, `${at}input could not be validated: ${e.message}`);
    }
    try {
        prepareSpec(spec, opts.maxPayloadBytes);
    }
    catch (e) {
        if (!isCoreboundError(e))
            throw e;
        throw withPrefix(e, at, SPEC_TO_BODY);
    }
    return spec;
}
/** Re-labels issue paths: batch position first, request field names (timeout) over spec ones (timeoutMs). */
function withPrefix(e, at, rename = {}) {
    const issues = e.details?.issues;
    if (!issues)
        return at ? new CoreboundError(e.code, `${at.slice(0, -1)}: ${e.message}`, e.details) : e;
    const relabelled = issues.map((i) => ({ path: `${at}${rename[i.path] ?? i.path}`, message: i.message }));
    return new CoreboundError(e.code, `invalid job: ${relabelled.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
        issues: relabelled,
    });
}
const SPEC_TO_BODY = { delayMs: 'delay', timeoutMs: 'timeout', maxAttempts: 'attempts' };
function duration(v, path) {
    try {
        return parseDuration(v);
    }
    catch {
        throw new CoreboundError(ErrorCodes.INVALID_INPUT, `${path}: not a duration (use e.g. 500ms, 30s, 10m)`, {
            issues: [{ path, message: 'not a duration' }],
        });
    }
}
//# sourceMappingURL=enqueue.js.map