import { CoreboundError, ErrorCodes, isCoreboundError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import type { EnqueueSpec } from '../core/spec.js';
import type { TaskCatalog } from '../core/task.js';
import { prepareSpec } from '../core/validate.js';
import { invalid } from './errors.js';
import type { JobRequest } from './schemas.js';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Maps an HTTP job request onto the store's EnqueueSpec. When a task catalog
 * is known: an unknown task is CB_UNKNOWN_TASK (404), the input is checked
 * against the task's schema (422 with `input.…` paths), and the task's
 * queue, timeout and retry budgets fill what the request left out. Finally
 * the spec goes through prepareSpec, so the payload bound (413) is checked
 * on the bytes that would be stored. `at` prefixes issue paths in a batch.
 */
export function toEnqueueSpec(
  body: JobRequest,
  opts: { catalog?: TaskCatalog; maxPayloadBytes: number; traceparent?: string; at?: string },
): EnqueueSpec {
  const at = opts.at ? `${opts.at}.` : '';
  const def = opts.catalog?.get(body.task);
  if (opts.catalog && !def) {
    throw new CoreboundError(ErrorCodes.UNKNOWN_TASK, `unknown task "${body.task}"`, { path: `${at}task` });
  }
  if (def?.input) {
    let result: ReturnType<typeof def.input.safeParse>;
    try {
      result = def.input.safeParse(body.input);
    } catch (e) {
      // A task schema can throw (deep recursion, a buggy refine): still the caller's input.
      throw new CoreboundError(ErrorCodes.INVALID_INPUT, `${at}input could not be validated: ${(e as Error).message}`);
    }
    if (!result.success) throw invalid(result.error, `input does not match task "${body.task}"`, `${at}input`);
  }
  const spec: EnqueueSpec = { task: body.task, input: body.input };
  const queue = body.queue ?? def?.queue ?? def?.name;
  if (queue !== undefined) spec.queue = queue;
  if (body.key !== undefined) spec.key = body.key;
  if (body.priority !== undefined) spec.priority = body.priority;
  if (body.delay !== undefined) spec.delayMs = duration(body.delay, `${at}delay`);
  if (body.runAt !== undefined) {
    spec.runAt = typeof body.runAt === 'number' ? body.runAt : Date.parse(body.runAt);
  }
  const timeout = body.timeout ?? def?.timeout;
  if (timeout !== undefined) spec.timeoutMs = duration(timeout, `${at}timeout`);
  const attempts = body.attempts ?? def?.retry?.maxAttempts;
  if (attempts !== undefined) spec.maxAttempts = attempts;
  if (def?.retry?.maxCrashes !== undefined) spec.maxCrashes = def.retry.maxCrashes;
  if (opts.traceparent && TRACEPARENT.test(opts.traceparent)) spec.traceparent = opts.traceparent;
  try {
    prepareSpec(spec, opts.maxPayloadBytes);
  } catch (e) {
    if (!isCoreboundError(e)) throw e;
    if (e.code !== ErrorCodes.INVALID_INPUT) throw at ? new CoreboundError(e.code, `${opts.at}: ${e.message}`, e.details) : e;
    // Report the request's field names (timeout), not the spec's (timeoutMs).
    const issues = ((e.details as { issues?: { path: string; message: string }[] })?.issues ?? []).map((i) => ({
      path: `${at}${SPEC_TO_BODY[i.path] ?? i.path}`,
      message: i.message,
    }));
    throw new CoreboundError(e.code, `invalid job: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return spec;
}

const SPEC_TO_BODY: Record<string, string> = { delayMs: 'delay', timeoutMs: 'timeout', maxAttempts: 'attempts' };

function duration(v: string | number, path: string): number {
  try {
    return parseDuration(v);
  } catch {
    throw new CoreboundError(ErrorCodes.INVALID_INPUT, `${path}: not a duration (use e.g. 500ms, 30s, 10m)`, {
      issues: [{ path, message: 'not a duration' }],
    });
  }
}
