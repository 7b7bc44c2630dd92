import { type Server } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { CoreboundMetrics } from './metrics.js';
/** The part of the API's Authenticator the telemetry routes use (src/http/auth.ts). */
export interface RouteAuth {
    authorize(header: string | undefined, scope: 'enqueue' | 'read' | 'admin'): Promise<void>;
}
export interface MetricsRouteOptions {
    metrics: CoreboundMetrics;
    /** When given, GET /metrics needs a token with the `read` scope whenever the API requires tokens. */
    auth?: RouteAuth;
    /** Time every request into corebound_http_request_duration_seconds (default true). */
    requestMetrics?: boolean;
}
/**
 * GET /metrics on the API server, plus two app-wide hooks: request latency
 * by route pattern (never the raw URL, which holds job ids), and the
 * admission rejections (429 CB_QUEUE_FULL) by queue. Registered without
 * encapsulation so the hooks see every route:
 *
 *   await server.app.register(metricsRoute, { metrics, auth: server.ctx.auth });
 */
export declare const metricsRoute: FastifyPluginAsync<MetricsRouteOptions>;
export interface MetricsServer {
    url: string;
    server: Server;
    close(): Promise<void>;
}
/**
 * A tiny server for nodes without the API (`corebound worker --metrics-port`):
 * GET /metrics and /healthz only. Binds 127.0.0.1 unless told otherwise;
 * put it on a wider address only where the scraper is the only one who can
 * reach it (queue and task names are visible).
 */
export declare function startMetricsServer(opts: {
    metrics: CoreboundMetrics;
    port: number;
    host?: string;
}): Promise<MetricsServer>;
