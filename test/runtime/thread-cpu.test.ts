import { describe, expect, test } from 'vitest';
import { threadCpuExact, threadCpuNs } from '../../src/runtime/thread-cpu.js';

/**
 * 20 short bursts of work, each measured by threadCpuNs() and by
 * process.cpuUsage(), which counts every thread of this test process. A read
 * that lagged to the last scheduler tick came out about half a tick short per
 * burst (ratio ~0.8 with 4 ms ticks).
 */
function ratio(): { thread: number; proc: number } {
  let thread = 0;
  let proc = 0;
  for (let i = 0; i < 20; i++) {
    const p0 = process.cpuUsage();
    const t0 = threadCpuNs();
    const end = performance.now() + 10;
    while (performance.now() < end) {}
    const t1 = threadCpuNs();
    const p = process.cpuUsage(p0);
    thread += (t1 - t0) / 1e6;
    proc += (p.user + p.system) / 1000;
  }
  return { thread, proc };
}

describe('thread CPU time', () => {
  test.runIf(threadCpuExact())('is read up to date while the thread runs (no scheduler-tick lag)', () => {
    // V8's helper threads (GC, compilers) can add CPU to the process count during a round, which
    // only lowers the ratio: so the best of a few rounds is the measure. The lag lowers every round.
    let best = { thread: 0, proc: 1 };
    for (let round = 0; round < 5 && best.thread < best.proc * 0.9; round++) {
      const r = ratio();
      if (r.thread / r.proc > best.thread / best.proc) best = r;
    }
    expect(best.thread).toBeGreaterThan(best.proc * 0.9);
    expect(best.thread).toBeLessThanOrEqual(best.proc * 1.02 + 1);
  });
});
