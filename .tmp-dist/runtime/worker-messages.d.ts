import type { TaskLogger } from '../core/task.js';
import type { Store } from '../store/store.js';
import type { Leased } from './heartbeats.js';
import type { FromWorker } from './protocol.js';
import type { Slot } from './slot.js';
export interface MessageContext<R extends Leased & {
    job: {
        task: string;
    };
}> {
    store: Store;
    log: TaskLogger;
    find(id: number): R | undefined;
    leaseLost(r: R): void;
}
/**
 * Progress, checkpoints and logs from a running task. Progress is only
 * recorded here and travels with the next heartbeat; a checkpoint is written
 * at once (fenced by the lease) and acknowledged to the task, and a refused
 * checkpoint means the lease is gone.
 */
export declare function onWorkerMessage<R extends Leased & {
    job: {
        task: string;
    };
}>(slot: Slot, m: FromWorker, ctx: MessageContext<R>): void;
