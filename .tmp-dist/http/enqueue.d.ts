import type { EnqueueSpec } from '../core/spec.js';
import type { TaskCatalog } from '../core/task.js';
import type { JobRequest } from './schemas.js';
/**
 * Maps an HTTP job request onto the store's EnqueueSpec, then applies the
 * task catalog the same way the client does (applyTask: unknown task →
 * CB_UNKNOWN_TASK 404, input checked against the task's schema → 422 with
 * `input.…` paths, task queue/timeout/retry budgets as defaults). Finally
 * prepareSpec checks the payload bound (413) on the bytes that would be
 * stored. `at` prefixes issue paths and messages inside a batch.
 */
export declare function toEnqueueSpec(body: JobRequest, opts: {
    catalog?: TaskCatalog;
    maxPayloadBytes: number;
    traceparent?: string;
    at?: string;
}): EnqueueSpec;
