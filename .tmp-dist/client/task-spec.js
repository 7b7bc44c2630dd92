import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { zodIssues } from '../core/validate.js';
/**
 * Where the task definitions are known (a client given tasks, the CLI with
 * --tasks, the server), a spec is checked against them before it reaches the
 * store: unknown task → CB_UNKNOWN_TASK, schema violation → CB_INVALID_INPUT
 * with the failing paths. The task's queue, timeout and retry budgets become
 * the defaults. A bare store accepts any task name, so work can be enqueued
 * before any node has started.
 */
export function applyTask(spec, catalog) {
    if (!catalog)
        return spec;
    const task = catalog.get(spec.task);
    if (!task) {
        const known = [...catalog.keys()].sort().join(', ') || '(none)';
        throw new CoreboundError(ErrorCodes.UNKNOWN_TASK, `unknown task "${spec.task}"; known tasks: ${known}`);
    }
    return withTaskDefaults(spec, task);
}
export function withTaskDefaults(spec, task) {
    let input = spec.input;
    if (task.input) {
        const r = task.input.safeParse(spec.input);
        if (!r.success) {
            const issues = zodIssues(r.error).map((i) => ({ ...i, path: i.path === '(root)' ? 'input' : `input.${i.path}` }));
            throw new CoreboundError(ErrorCodes.INVALID_INPUT, `input does not match task "${task.name}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
        }
        input = spec.input; // store what the producer sent; the worker parses again before run
    }
    return {
        ...spec,
        input,
        queue: spec.queue ?? task.queue,
        timeoutMs: spec.timeoutMs ?? (task.timeout !== undefined ? parseDuration(task.timeout, 'timeout') : undefined),
        maxAttempts: spec.maxAttempts ?? task.retry?.maxAttempts,
        maxCrashes: spec.maxCrashes ?? task.retry?.maxCrashes,
    };
}
//# sourceMappingURL=task-spec.js.map