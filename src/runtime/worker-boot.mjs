// Boot shim for workers. Node 20 cannot start a worker from a .ts file, so
// every worker starts here: register tsx only when the host or a task module
// is TypeScript, then import the host (a .ts source under tsx/vitest, compiled
// .js from dist/). Plain .mjs because it runs before any loader exists; a
// build must copy it next to dist/runtime/pool.js (pool.ts falls back to
// src/runtime/ in a checkout). A child process (isolation 'process') gets the
// same settings through COREBOUND_WORKER_INIT instead of workerData.
import { workerData } from 'node:worker_threads';

const init = workerData ?? JSON.parse(process.env.COREBOUND_WORKER_INIT ?? '{}');
if (init.tsx) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(init.hostUrl);
