import type { FastifyInstance } from 'fastify';
import { type ApiContext } from '../context.js';
/** Job ids in paths: positive safe integers; anything else is simply not a job (404). */
export declare function jobId(text: string): number;
export declare function jobRoutes(app: FastifyInstance, ctx: ApiContext): void;
