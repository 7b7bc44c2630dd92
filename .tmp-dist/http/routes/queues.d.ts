import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
/**
 * GET /v1/queues answers from the monitor's timed snapshot, never by
 * counting the jobs table per request (a dashboard polling it must not load
 * the store); `snapshotAt` says how old the numbers are.
 */
export declare function queueRoutes(app: FastifyInstance, ctx: ApiContext): void;
