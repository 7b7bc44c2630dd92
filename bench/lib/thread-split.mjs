import { readFileSync, readdirSync } from 'node:fs';

/**
 * Where a run's CPU went, per thread of this process (Linux only; null
 * elsewhere). Snapshot the first field of every /proc/self/task/TID/schedstat
 * (ns on CPU) before and after, while the threads still exist; the `workers`
 * busiest threads are the job runners and the rest is what a system spends
 * beside them (main thread, V8 and libuv helpers). On a machine with one
 * worker per core, that rest is CPU the workers do not get.
 */
export function threadTimes() {
  try {
    const out = new Map();
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        out.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        // the thread exited between the listing and the read
      }
    }
    return { at: performance.now(), ns: out };
  } catch {
    return null;
  }
}

/** Per job: worker CPU, the main thread's, the helpers'; and the workers' share of the wall time on CPU. */
export function cpuSplit(before, after, { workers, jobs }) {
  if (!before || !after || jobs <= 0) return null;
  const deltas = [];
  for (const [tid, ns] of after.ns) deltas.push({ tid, ms: (ns - (before.ns.get(tid) ?? 0)) / 1e6 });
  deltas.sort((a, b) => b.ms - a.ms);
  const mainTid = String(process.pid);
  const runners = deltas.filter((d) => d.tid !== mainTid).slice(0, workers);
  const sum = (xs) => xs.reduce((a, d) => a + d.ms, 0);
  const workerMs = sum(runners);
  const mainMs = deltas.find((d) => d.tid === mainTid)?.ms ?? 0;
  const helperMs = sum(deltas) - workerMs - mainMs;
  const wallMs = after.at - before.at;
  const r = (x, d = 3) => Number(x.toFixed(d));
  return {
    workerMsPerJob: r(workerMs / jobs),
    mainMsPerJob: r(mainMs / jobs),
    helperMsPerJob: r(helperMs / jobs),
    workersOnCpu: r(workerMs / (workers * wallMs), 4),
  };
}
