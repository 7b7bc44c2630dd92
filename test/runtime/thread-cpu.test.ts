import { describe, expect, test } from 'vitest';
import { threadCpuExact, threadCpuNs } from '../../src/runtime/thread-cpu.js';

describe('thread CPU time', () => {
  test.runIf(threadCpuExact())('is read up to date while the thread runs (no scheduler-tick lag)', () => {
    // Short bursts of work, each measured by threadCpuNs() and by process.cpuUsage(), which counts
    // every thread of this test process (a fork of its own; this thread is the only busy one).
    // A read that lagged to the last tick came out about half a tick short per burst.
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
    expect(thread).toBeGreaterThan(proc * 0.9);
    expect(thread).toBeLessThanOrEqual(proc * 1.02 + 1);
  });
});
