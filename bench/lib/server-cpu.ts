import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (ms, user + system) of every process on this machine named
 * `name` (e.g. postgres: its backends, WAL writer, checkpointer, autovacuum),
 * from /proc/PID/stat; null where /proc is missing. Meaningful only when the
 * server runs on this machine and nothing else uses it during the
 * measurement: a bench samples it before and after a run.
 */
export function serverCpuMs(name: string): number | null {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc');
  } catch {
    return null;
  }
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  let ticks = 0;
  for (const pid of dirs) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== name) continue;
      const f = stat.slice(close + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      // the process exited between the listing and the read
    }
  }
  return ticks / ticksPerMs;
}
