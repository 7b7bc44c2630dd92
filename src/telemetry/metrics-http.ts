import { type Server, createServer } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
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

const QUEUE_FULL = 'CB_QUEUE_FULL';

/**
 * GET /metrics on the API server, plus two app-wide hooks: request latency
 * by route pattern (never the raw URL, which holds job ids), and the
 * admission rejections (429 CB_QUEUE_FULL) by queue. Registered without
 * encapsulation so the hooks see every route:
 *
 *   await server.app.register(metricsRoute, { metrics, auth: server.ctx.auth });
 */
export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (app: FastifyInstance, opts) => {
  const { metrics } = opts;
  if (opts.requestMetrics !== false) {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      const status = `${Math.floor(reply.statusCode / 100)}xx`;
      metrics.httpSeconds.observe({ method: req.method, route, status }, reply.elapsedTime / 1000);
    });
  }
  app.addHook('onError', async (_req, _reply, error) => {
    const e = error as { code?: string; details?: { queue?: unknown } };
    if (e.code === QUEUE_FULL) {
      const queue = typeof e.details?.queue === 'string' ? e.details.queue : 'unknown';
      metrics.admissionRejections.inc({ queue });
    }
  });
  app.get('/metrics', async (req, reply) => {
    await opts.auth?.authorize(req.headers.authorization, 'read');
    const { contentType, body } = await metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
};
// Same as fastify-plugin: no encapsulation, so the hooks apply to the whole app.
(metricsRoute as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;
(metricsRoute as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')] = 'corebound-metrics';

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
export async function startMetricsServer(opts: { metrics: CoreboundMetrics; port: number; host?: string }): Promise<MetricsServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      opts.metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${e.message}\n`);
        },
      );
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
