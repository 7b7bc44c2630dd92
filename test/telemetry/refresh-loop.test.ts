import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRefreshLoop } from '../../src/core/refresh-loop.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('refresh loop', () => {
  it('runs every interval while refreshes are quick, and waits 20× the duration of a slow one', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    let t = 0; // the loop's own clock: a refresh "takes" what it adds
    let cost = 0;
    const runs: number[] = [];
    const loop = startRefreshLoop(
      async () => {
        runs.push(Date.now() - start);
        t += cost;
      },
      { intervalMs: 2000, now: () => t },
    );
    await vi.advanceTimersByTimeAsync(6000);
    expect(runs).toEqual([2000, 4000, 6000]);

    cost = 1000; // a snapshot now takes a second: the next begins 20 s after this one began
    await vi.advanceTimersByTimeAsync(2000 + 18_999);
    expect(runs).toEqual([2000, 4000, 6000, 8000]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.at(-1)).toBe(27_000);

    cost = 0; // quick again: back to the interval after the slow one's wait
    await vi.advanceTimersByTimeAsync(19_000 + 2000);
    expect(runs.slice(4)).toEqual([27_000, 46_000, 48_000]);

    loop.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(7);
  });

  it('reports the first failure of a run of failures, and again after a success', async () => {
    vi.useFakeTimers();
    const outcomes = [false, false, true, false];
    const errors: string[] = [];
    let i = 0;
    const loop = startRefreshLoop(
      async () => {
        const n = i++;
        if (!outcomes[n]) throw new Error(`refresh ${n}`);
      },
      { intervalMs: 1000, onError: (e) => errors.push(e.message) },
    );
    await vi.advanceTimersByTimeAsync(4000);
    loop.stop();
    expect(i).toBe(4);
    expect(errors).toEqual(['refresh 0', 'refresh 3']);
  });
});
