import { closeSync, openSync, readlinkSync, readSync } from 'node:fs';

/**
 * CPU time of the calling thread. In a worker thread `process.cpuUsage()`
 * counts the whole process, so on Linux we read the first field (ns on CPU)
 * of /proc/thread-self/schedstat with pread on a kept-open fd (about 1 µs).
 * Elsewhere we fall back to process CPU time, which over-counts when other
 * threads are busy; `threadCpuExact` says which one is in use.
 *
 * For a thread that is running, the kernel brings that counter up to date
 * only at a scheduler tick, so a job's end read lagged by half a tick on
 * average (measured here: a 20 ms burn read as 18.1 ms, CPU-seconds
 * under-counted by ~10%). getrusage(RUSAGE_SELF), which process.cpuUsage()
 * calls, updates the calling thread's counter first; so we call it before
 * the read and discard its answer.
 */
const buf = Buffer.alloc(96);
let fd = -1;
let unavailable = false;

export function threadCpuNs(): number {
  return read(true);
}

/** When this thread's counter was last brought up to date by read(true) (performance.now()). */
let freshAt = Number.NEGATIVE_INFINITY;

/**
 * threadCpuNs for a caller that reads at every job's end: it brings the
 * counter up to date only when that was last done `everyMs` ago or more.
 * The getrusage call costs ~10 µs on a busy process (it walks every thread),
 * a third of a no-op job's time on its worker. A read in between lags by at
 * most `everyMs` of CPU (the kernel also updates it at every tick and
 * context switch), so a job's CPU, the difference of two reads, is right to
 * within `everyMs`, and the sum over consecutive jobs is exact (the
 * differences telescope).
 */
export function threadCpuNsWithin(everyMs: number): number {
  const now = performance.now();
  const fresh = now - freshAt >= everyMs;
  if (fresh) freshAt = now;
  return read(fresh);
}

function read(fresh: boolean): number {
  if (!unavailable) {
    try {
      if (fd < 0) fd = openSync('/proc/thread-self/schedstat', 'r');
      if (fresh) process.cpuUsage();
      return parseNs(buf, readSync(fd, buf, 0, buf.length, 0));
    } catch {
      unavailable = true;
    }
  }
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

export function threadCpuExact(): boolean {
  threadCpuNs();
  return !unavailable;
}

/** The resolved per-thread schedstat path (/proc/PID/task/TID/schedstat), readable from other threads. */
export function threadSchedstatPath(): string | null {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/schedstat`;
  } catch {
    return null;
  }
}

/** Reads another thread's CPU ns from its schedstat path; null when it is gone. */
export function readSchedstat(path: string): number | null {
  let f = -1;
  try {
    f = openSync(path, 'r');
    const b = Buffer.alloc(96);
    const n = readSync(f, b, 0, b.length, 0);
    return parseNs(b, n);
  } catch {
    return null;
  } finally {
    if (f >= 0) closeSync(f);
  }
}

function parseNs(b: Buffer, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v;
}
