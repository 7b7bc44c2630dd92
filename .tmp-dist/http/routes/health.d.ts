import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
/** /healthz: the process answers. /readyz: it can do useful work now (store reachable, node ready, not draining). */
export declare function healthRoutes(app: FastifyInstance, ctx: ApiContext): void;
