import type { z } from 'zod';
import type { Attempt, Job } from '../core/job.js';
import type { EnqueueSpec } from '../core/spec.js';
import type { TaskCatalog, TaskDefinition } from '../core/task.js';
import { type OpenStoreOptions } from '../store/open.js';
import type { EnqueueResult, ListFilter, Store } from '../store/store.js';
export type EnqueueOptions = Omit<EnqueueSpec, 'task' | 'input'>;
type InputOf<T> = T extends TaskDefinition<infer I, unknown> ? I : never;
/**
 * The typed producer/operator API; the CLI and HTTP API are thin layers over it.
 * Pass a task definition to get its input type checked at compile time and
 * its schema checked at run time, or a task name for untyped use.
 */
export declare class Client {
    readonly store: Store;
    private catalog?;
    constructor(store: Store, catalog?: (TaskCatalog | Map<string, TaskDefinition>) | undefined);
    static open(url: string, opts?: OpenStoreOptions & {
        tasks?: TaskCatalog;
    }): Promise<Client>;
    enqueue<T extends TaskDefinition<any, any>>(task: T, input: InputOf<T>, opts?: EnqueueOptions): Promise<EnqueueResult>;
    enqueue(task: string, input?: unknown, opts?: EnqueueOptions): Promise<EnqueueResult>;
    /** One transaction: all specs are stored, or none. */
    enqueueMany(specs: EnqueueSpec[]): Promise<EnqueueResult[]>;
    spec(task: string | TaskDefinition, input: unknown, opts?: EnqueueOptions): EnqueueSpec;
    get(id: number): Promise<Job | null>;
    attempts(id: number): Promise<Attempt[]>;
    list(filter?: ListFilter): Promise<{
        jobs: Job[];
        nextCursor: number | null;
    }>;
    cancel(id: number): Promise<Job>;
    retry(id: number): Promise<Job>;
    result<T = unknown>(job: Job): Promise<T | undefined>;
    close(): Promise<void>;
}
export type { z };
