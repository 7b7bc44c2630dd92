// Boot shim for worker threads. Node 20 cannot start a worker from a .ts
// file, so every worker starts here: register tsx only when the host or a
// task module is TypeScript, then import the host (a .ts source under
// tsx/vitest, compiled .js from dist/). Kept as plain .mjs because it runs
// before any loader exists; the build copies it next to dist/runtime/pool.js.
import { workerData } from 'node:worker_threads';

if (workerData.tsx) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.hostUrl);
