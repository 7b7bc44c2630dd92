import type { FastifyInstance } from 'fastify';
import type { Node } from '../../runtime/supervisor.js';
import type { Store } from '../../store/store.js';

/** Routes that `start` adds beside the API: dashboard, metrics, explain. */
export async function configureStart(_app: FastifyInstance, _ctx: { store: Store; node: Node }): Promise<void> {}
