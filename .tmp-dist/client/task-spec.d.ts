import type { EnqueueSpec } from '../core/spec.js';
import type { TaskCatalog, TaskDefinition } from '../core/task.js';
/**
 * Where the task definitions are known (a client given tasks, the CLI with
 * --tasks, the server), a spec is checked against them before it reaches the
 * store: unknown task → CB_UNKNOWN_TASK, schema violation → CB_INVALID_INPUT
 * with the failing paths. The task's queue, timeout and retry budgets become
 * the defaults. A bare store accepts any task name, so work can be enqueued
 * before any node has started.
 */
export declare function applyTask(spec: EnqueueSpec, catalog?: TaskCatalog | Map<string, TaskDefinition>): EnqueueSpec;
export declare function withTaskDefaults(spec: EnqueueSpec, task: TaskDefinition): EnqueueSpec;
