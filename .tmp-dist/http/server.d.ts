import { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Clock } from '../core/clock.js';
import type { TaskCatalog } from '../core/task.js';
import { type CostBasis } from '../cost/attempt-cost.js';
import type { Store } from '../store/store.js';
import type { ApiContext, NodeReadiness } from './context.js';
export interface ApiServerOptions {
    store: Store;
    /** Known tasks: unknown names get 404, inputs are checked against the task's schema, task defaults apply. */
    catalog?: TaskCatalog;
    clock?: Clock;
    /** Default 127.0.0.1. Anything but loopback needs auth on (tokens exist, or `auth: true`). */
    host?: string;
    /** Default 8080; 0 picks a free port. */
    port?: number;
    /** Require tokens even on loopback before any exist. */
    auth?: boolean;
    /** HMAC secret for signed result URLs (default: env COREBOUND_URL_SECRET, else random per process). */
    urlSecret?: string;
    signedUrlTtlMs?: number;
    /** Prefix for resultUrl, e.g. your CDN's https://cdn.example.com. */
    publicBaseUrl?: string;
    /** Readiness of the workers in this process (`start`); /readyz includes it. */
    node?: NodeReadiness;
    /** Queue snapshot (admission, /v1/queues) and token-existence refresh period. Default 2000 ms. */
    statsIntervalMs?: number;
    tokenCacheMs?: number;
    maxQueueDepth?: number;
    maxPayloadBytes?: number;
    maxBatchBodyBytes?: number;
    /** Cost shown on GET /v1/jobs/{id}; default: the configured rate table, null to omit. */
    cost?: CostBasis | null;
    /** false (default) or a pino logger. */
    logger?: FastifyBaseLogger | false;
    /** Adds routes before the server starts (`start` serves the dashboard's files this way). */
    configure?: (app: FastifyInstance) => void | Promise<void>;
}
export interface ApiServer {
    app: FastifyInstance;
    ctx: ApiContext;
    /** Takes a fresh queue snapshot and re-checks whether tokens exist. */
    refresh(): Promise<void>;
    listen(): Promise<string>;
    /** /readyz turns 503; requests still work (for a load balancer to notice before close). */
    drain(): void;
    close(): Promise<void>;
}
/** Builds the API (routes, auth, admission) without listening; tests add hooks or use inject(). */
export declare function buildApiServer(opts: ApiServerOptions): Promise<ApiServer>;
/**
 * Runs the API: `corebound api` alone, or `corebound start` with a node
 * handle so /readyz reflects the workers. The caller owns the store.
 */
export declare function startApiServer(opts: ApiServerOptions): Promise<{
    url: string;
    close(): Promise<void>;
    drain(): void;
    server: ApiServer;
}>;
