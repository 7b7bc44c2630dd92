/**
 * SQLite store throughput: single-transaction enqueue rate (synchronous=FULL
 * vs NORMAL), batched enqueue, and claim+complete in batches with 10k and 1M
 * jobs waiting, as separate calls and as one settle transaction (the
 * runtime's hot path), single enqueues from 10 concurrent producers, and the
 * cost of a stats() snapshot as the API takes it (on a node's main thread). Run: node --import tsx bench/store-sqlite.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { COUNT_BOUND, STATS_COUNT_CAP, type StatsOptions } from '../src/store/store.js';
import { claimComplete, fill, settleLoop } from './lib/store-loops.js';

const quick = process.argv.includes('--quick');
const dir = mkdtempSync(join(tmpdir(), 'cb-bench-'));
let n = 0;

async function fresh(durability: 'full' | 'normal') {
  const s = new SqliteStore(join(dir, `b${n++}.db`), { durability });
  await s.migrate();
  return s;
}

async function singleEnqueue(durability: 'full' | 'normal', count: number) {
  const s = await fresh(durability);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await s.enqueue([{ task: 'noop', input: { i } }]);
  const rate = count / ((performance.now() - t0) / 1000);
  await s.close();
  return rate;
}

/** `producers` callers each enqueue one job per call, back to back: concurrent commits share an fsync. */
async function concurrentEnqueue(durability: 'full' | 'normal', count: number, producers: number) {
  const s = await fresh(durability);
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (issued < count) await s.enqueue([{ task: 'noop', input: { i: issued++ } }]);
    }),
  );
  const rate = count / ((performance.now() - t0) / 1000);
  await s.close();
  return rate;
}

/** One snapshot's cost on the thread that owns the connection (the node's main thread). */
async function statsMs(s: SqliteStore, opts: StatsOptions) {
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await s.stats(opts);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[1];
}

const out: Record<string, number> = {};
const singles = quick ? 300 : 2000;
out['enqueue, 1 job per transaction, synchronous=FULL (jobs/s)'] = await singleEnqueue('full', singles);
out['enqueue, 1 job per transaction, synchronous=NORMAL (jobs/s)'] = await singleEnqueue('normal', singles);
out['enqueue, 1 job per call, 10 producers in flight, synchronous=FULL (jobs/s)'] = await concurrentEnqueue('full', singles * 2, 10);

for (const waiting of quick ? [10_000, 100_000] : [10_000, 1_000_000]) {
  const s = await fresh('full');
  // The backlog stays at `waiting` while we measure: fill it plus what the runs below consume.
  const consumed = 2_000 + 5_000 + 5_000 + 20_000 + 5_000 + 5_000 + 20_000 + 300;
  const fillRate = await fill(s, waiting + consumed, 'noop');
  out[`enqueue, batches of 5,000, FULL, filling ${waiting.toLocaleString('en')} (jobs/s)`] = fillRate;
  await claimComplete(s, 2_000, 100); // warm-up: JIT and page cache, not measured
  out[`stats() as the API's snapshot takes it, ${waiting.toLocaleString('en')} waiting (ms, median of 3)`] = await statsMs(s, {
    cap: STATS_COUNT_CAP,
    finishedCap: COUNT_BOUND,
  });
  for (const batch of [1, 2, 100]) {
    const count = batch === 100 ? 20_000 : 5_000;
    out[`claim+complete, batch ${batch}, ${waiting.toLocaleString('en')} waiting (jobs/s)`] = await claimComplete(s, count, batch);
  }
  for (const batch of [1, 2, 100]) {
    const count = batch === 100 ? 20_000 : 5_000;
    out[`settle (complete + claim, 1 transaction), batch ${batch}, ${waiting.toLocaleString('en')} waiting (jobs/s)`] =
      await settleLoop(s, count, batch);
  }
  await s.close();
}
rmSync(dir, { recursive: true, force: true });

for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(86)} ${Math.round(v).toLocaleString('en').padStart(10)}`);
console.log(JSON.stringify({ bench: 'store-sqlite', quick, results: out }));
