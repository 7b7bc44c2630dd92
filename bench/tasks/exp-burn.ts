import { defineTask } from '../../src/core/task.js';

/** Burns CPU for input.ms of wall time: a CPU-bound job with a chosen service time. */
export default defineTask<{ ms: number }, number>({
  name: 'exp-burn',
  run({ ms }) {
    const end = performance.now() + ms;
    let x = 0;
    while (performance.now() < end) for (let i = 0; i < 1000; i++) x += Math.sqrt(i + x);
    return ms;
  },
});
