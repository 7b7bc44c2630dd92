import { EventEmitter } from 'node:events';
import type { TaskCatalog } from '../core/task.js';
import type { NodeOptions, NodeStats } from './node-options.js';
export type { AttemptEvent, NodeOptions, NodeStats } from './node-options.js';
/** Starts a node: loads tasks, boots the worker threads, and begins claiming. */
export declare function startNode(opts: NodeOptions): Promise<Node>;
/**
 * One node: a supervisor on the main thread driving a pool of worker
 * threads. It claims only as many jobs as it has free threads, renews
 * leases, writes outcomes in batches, and drains on request.
 */
export declare class Node extends EventEmitter {
    private readonly opts;
    readonly workerId: string;
    readonly booted: Promise<void>;
    private readonly store;
    private readonly clock;
    private readonly log;
    private readonly tasks;
    private readonly queues;
    private readonly leaseMs;
    private readonly graceMs;
    private readonly abortGraceMs;
    private readonly pool;
    private readonly writer;
    private readonly heartbeats;
    private readonly running;
    private readonly counts;
    private readonly startedAt;
    private readonly messageContext;
    private maintenance;
    private unsubscribeWake;
    private pollTimer;
    private kickScheduled;
    private claiming;
    private claimAgain;
    private stopping;
    private drained;
    private idleWaiters;
    constructor(opts: NodeOptions, catalog: TaskCatalog);
    /** Begins claiming, heartbeats and maintenance. */
    start(): void;
    /** Wakes the claim loop; cheap to call often (coalesced to one claim per turn). */
    readonly kick: () => void;
    private readonly claimTick;
    private claim;
    private dispatch;
    private leaseLost;
    /** Turns a worker's outcome into a store write, or discards it when the lease is gone. */
    private settle;
    private written;
    private emitAttempt;
    /**
     * Graceful drain: stop claiming, let running jobs finish for up to graceMs,
     * then abort them (terminating threads that ignore the abort) and release
     * their leases so they run again at once elsewhere. Resolves when nothing
     * runs and every outcome is written; the node is then closed.
     */
    drain(graceMs?: number): Promise<void>;
    /** Drains with no grace: running jobs are aborted and released now. */
    stop(): Promise<void>;
    private doDrain;
    private whenIdle;
    stats(): NodeStats;
}
