/** A refresh may use at most this share of wall time: a slow one pushes the next one back. */
export const REFRESH_DUTY = 0.05;

export interface RefreshLoop {
  stop(): void;
}

/**
 * Runs `refresh` every `intervalMs`, or less often when it is slow: the next
 * run starts at least duration ÷ REFRESH_DUTY after the last one began. A
 * stats snapshot of a huge SQLite table runs on the node's main thread, so
 * a fixed interval would let it take any share of the thread that job
 * hand-offs need. Reports the first failure of a run of failures, not each.
 */
export function startRefreshLoop(
  refresh: () => Promise<unknown>,
  opts: { intervalMs: number; onError?: (e: Error) => void; now?: () => number },
): RefreshLoop {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  const now = opts.now ?? (() => performance.now());
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  const run = () => {
    const began = now();
    refresh().then(
      () => {
        failing = false;
      },
      (e: Error) => {
        if (!failing) opts.onError?.(e);
        failing = true;
      },
    ).finally(() => {
      const took = now() - began;
      schedule(Math.max(0, Math.max(opts.intervalMs, took / REFRESH_DUTY) - took));
    });
  };
  schedule(opts.intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
