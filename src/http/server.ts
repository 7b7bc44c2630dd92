import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from '../core/clock.js';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { Defaults } from '../core/limits.js';
import { type RefreshLoop, startRefreshLoop } from '../core/refresh-loop.js';
import type { TaskCatalog } from '../core/task.js';
import { type CostBasis, DEFAULT_MEMORY_GB_PER_WORKER } from '../cost/attempt-cost.js';
import { resolvePricing } from '../cost/rates.js';
import type { Store } from '../store/store.js';
import { QueueMonitor } from './admission.js';
import { Authenticator, assertSafeBind } from './auth.js';
import { CompressedCache } from './cache.js';
import type { ApiContext, NodeReadiness } from './context.js';
import { errorHandler, sendError } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { queueRoutes } from './routes/queues.js';
import { resultRoutes } from './routes/results.js';
import { URL_SECRET_ENV, UrlSigner } from './signing.js';

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
  /** Queue snapshot (admission, /v1/queues) and token-existence refresh period, stretched when a snapshot is slow (src/core/refresh-loop.ts). Default 2000 ms. */
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

/** Room around the input inside a request body (task name, options, JSON punctuation). */
const ENVELOPE_BYTES = 64 * 1024;

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

function defaultCost(): CostBasis | null {
  try {
    return { rate: resolvePricing().rate, memoryGbPerWorker: DEFAULT_MEMORY_GB_PER_WORKER };
  } catch {
    return null;
  }
}

/** Builds the API (routes, auth, admission) without listening; tests add hooks or use inject(). */
export async function buildApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const clock = opts.clock ?? systemClock;
  const maxPayloadBytes = opts.maxPayloadBytes ?? Defaults.maxPayloadBytes;
  const ctx: ApiContext = {
    store: opts.store,
    clock,
    catalog: opts.catalog,
    auth: new Authenticator(opts.store, clock, { force: opts.auth, cacheMs: opts.tokenCacheMs }),
    monitor: new QueueMonitor(opts.store, clock, opts.maxQueueDepth ?? Defaults.maxQueueDepth),
    signer: new UrlSigner(opts.urlSecret ?? process.env[URL_SECRET_ENV], clock, opts.signedUrlTtlMs),
    compressed: new CompressedCache(),
    maxPayloadBytes,
    maxBatchBodyBytes: opts.maxBatchBodyBytes ?? 16 * 1024 * 1024,
    publicBaseUrl: (opts.publicBaseUrl ?? '').replace(/\/+$/, ''),
    cost: opts.cost === undefined ? defaultCost() : opts.cost,
    node: opts.node,
    draining: false,
  };
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: maxPayloadBytes + ENVELOPE_BYTES,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // A client gets 60 s to send its whole request: slow bodies cannot hold sockets forever.
    requestTimeout: 60_000,
    forceCloseConnections: 'idle',
    frameworkErrors: (err, _req, reply) => {
      sendError(reply, err);
    },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_req, reply) => {
    sendError(reply, new CoreboundError(ErrorCodes.NOT_FOUND, 'no such resource'));
  });
  // One JSON parser for every route: an empty body is "no body" (POST …/cancel), bad JSON is CB_INVALID_JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    // JSON is UTF-8 (RFC 8259); a body declared otherwise would be decoded wrongly, so refuse it.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      return done(Object.assign(new Error(`charset ${charset} is not supported`), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), undefined);
    }
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text as string));
    } catch (e) {
      done(new CoreboundError(ErrorCodes.INVALID_JSON, `body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  healthRoutes(app, ctx);
  jobRoutes(app, ctx);
  resultRoutes(app, ctx);
  queueRoutes(app, ctx);
  await opts.configure?.(app);

  const refresh = async () => {
    await Promise.all([ctx.monitor.refresh(), ctx.auth.refresh()]);
  };
  await refresh();
  if (ctx.signer.ephemeral) {
    app.log.warn(`${URL_SECRET_ENV} is not set: signed result URLs stop working when this process exits`);
  }
  let loop: RefreshLoop | undefined;
  const startTimer = () => {
    loop = startRefreshLoop(refresh, {
      intervalMs: opts.statsIntervalMs ?? 2000,
      onError: (e) => app.log.warn({ err: e }, 'queue snapshot refresh failed; admission uses the last one'),
    });
  };
  const host = opts.host ?? '127.0.0.1';
  return {
    app,
    ctx,
    refresh,
    async listen() {
      assertSafeBind(host, ctx.auth);
      await app.listen({ host, port: opts.port ?? 8080 });
      startTimer();
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    drain() {
      ctx.draining = true;
    },
    async close() {
      ctx.draining = true;
      loop?.stop();
      await app.close();
    },
  };
}

/**
 * Runs the API: `corebound api` alone, or `corebound start` with a node
 * handle so /readyz reflects the workers. The caller owns the store.
 */
export async function startApiServer(
  opts: ApiServerOptions,
): Promise<{ url: string; close(): Promise<void>; drain(): void; server: ApiServer }> {
  const server = await buildApiServer(opts);
  let url: string;
  try {
    url = await server.listen();
  } catch (e) {
    await server.close().catch(() => {});
    throw e;
  }
  return { url, close: () => server.close(), drain: () => server.drain(), server };
}
