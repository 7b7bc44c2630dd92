import type { z } from 'zod';
import type { Attempt, Job } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';
import type { TaskCatalog, TaskDefinition } from '../core/task.js';
import { type OpenStoreOptions, openStore } from '../store/open.js';
import type { EnqueueResult, ListFilter, Store } from '../store/store.js';
import { traceEnqueue } from '../telemetry/tracing.js';
import { applyTask, withTaskDefaults } from './task-spec.js';

export type EnqueueOptions = Omit<EnqueueSpec, 'task' | 'input'>;

type InputOf<T> = T extends TaskDefinition<infer I, unknown> ? I : never;

/**
 * The typed producer/operator API; the CLI and HTTP API are thin layers over it.
 * Pass a task definition to get its input type checked at compile time and
 * its schema checked at run time, or a task name for untyped use.
 */
export class Client {
  constructor(
    readonly store: Store,
    private catalog?: TaskCatalog | Map<string, TaskDefinition>,
  ) {}

  static async open(url: string, opts: OpenStoreOptions & { tasks?: TaskCatalog } = {}): Promise<Client> {
    return new Client(await openStore(url, opts), opts.tasks);
  }

  async enqueue<T extends TaskDefinition<any, any>>(task: T, input: InputOf<T>, opts?: EnqueueOptions): Promise<EnqueueResult>;
  async enqueue(task: string, input?: unknown, opts?: EnqueueOptions): Promise<EnqueueResult>;
  async enqueue(task: string | TaskDefinition, input?: unknown, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    const [r] = await this.enqueueMany([this.spec(task, input, opts)]);
    return r;
  }

  /** One transaction: all specs are stored, or none. */
  async enqueueMany(specs: EnqueueSpec[]): Promise<EnqueueResult[]> {
    // One enqueue span per job, its context stored on the job (a no-op without an OpenTelemetry SDK).
    return traceEnqueue(
      specs.map((s) => applyTask(s, this.catalog)),
      (traced) => this.store.enqueue(traced),
    );
  }

  spec(task: string | TaskDefinition, input: unknown, opts: EnqueueOptions = {}): EnqueueSpec {
    if (typeof task === 'string') return { ...opts, task, input };
    return withTaskDefaults({ ...opts, task: task.name, input }, task);
  }

  get(id: number): Promise<Job | null> {
    return this.store.get(id);
  }
  attempts(id: number): Promise<Attempt[]> {
    return this.store.attempts(id);
  }
  list(filter: ListFilter = {}) {
    return this.store.list(filter);
  }
  cancel(id: number): Promise<Job> {
    return this.store.cancel(id);
  }
  retry(id: number): Promise<Job> {
    return this.store.retry(id);
  }
  async result<T = unknown>(job: Job): Promise<T | undefined> {
    if (!job.resultSha) return undefined;
    const r = await this.store.getResult(job.resultSha);
    return r ? (JSON.parse(r.bytes.toString('utf8')) as T) : undefined;
  }
  close(): Promise<void> {
    return this.store.close();
  }
}

export type { z };
