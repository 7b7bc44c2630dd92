import type { Clock } from '../core/clock.js';
import type { Job } from '../core/job.js';
import type { TaskCatalog } from '../core/task.js';
import type { CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import type { QueueMonitor } from './admission.js';
import type { Authenticator } from './auth.js';
import type { CompressedCache } from './cache.js';
import type { UrlSigner } from './signing.js';
/** What a node (supervisor + workers) tells /readyz; `start` passes one, `api` does not. */
export interface NodeReadiness {
    readiness(): {
        ready: boolean;
        reason?: string;
    } | Promise<{
        ready: boolean;
        reason?: string;
    }>;
}
/** Everything the routes share; built once per server. */
export interface ApiContext {
    store: Store;
    clock: Clock;
    catalog?: TaskCatalog;
    auth: Authenticator;
    monitor: QueueMonitor;
    signer: UrlSigner;
    compressed: CompressedCache;
    maxPayloadBytes: number;
    maxBatchBodyBytes: number;
    /** Prefix for resultUrl (a CDN's origin), '' for a path-only URL. */
    publicBaseUrl: string;
    cost: CostBasis | null;
    node?: NodeReadiness;
    /** Set when the server is shutting down: /readyz answers 503. */
    draining: boolean;
}
export declare const resultPath: (sha: string) => string;
/**
 * Where a finished job's result can be fetched: the plain, CDN-cacheable
 * path when its queue's results are public (and the store can tell which
 * queues a result belongs to), otherwise a signed, expiring URL.
 */
export declare function resultUrlFor(ctx: ApiContext, job: Job): string | undefined;
/** Status responses may sit in a shared cache only when no token is needed to read them. */
export declare const sharedCacheable: (ctx: ApiContext) => boolean;
