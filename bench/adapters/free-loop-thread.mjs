// One free-running loop: claims job numbers from a shared counter (no queue,
// no messages per job) and burns until all are taken.
import { parentPort, workerData } from 'node:worker_threads';
import { burn } from '../lib/burn.mjs';
import { nowMs } from '../lib/time.mjs';

const counter = new Int32Array(workerData.counter);
parentPort.postMessage({ type: 'ready' });
// `on`, not `once`: the thread stays alive until terminated, so its CPU time can be read after the run.
parentPort.on('message', (m) => {
  if (m !== 'go') return;
  const first = nowMs();
  let done = 0;
  let sum = 0;
  while (Atomics.add(counter, 0, 1) < workerData.n) {
    sum += burn(workerData.iterations, done + 1);
    done++;
  }
  parentPort.postMessage({ type: 'done', first, last: nowMs(), done, sum });
});
