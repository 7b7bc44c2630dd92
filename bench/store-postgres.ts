/**
 * PostgreSQL store: does a claim's cost grow with the backlog? Issue 4's
 * target: the claim rate with 1,000,000 waiting or scheduled jobs within 20%
 * of the rate with 10,000. Store calls only (no runtime), one process, the
 * database at DATABASE_URL (default the local one), a schema per scenario,
 * dropped afterwards. Each backlog is VACUUM ANALYZEd after the bulk load,
 * as autovacuum soon would: the claim's plan is then the steady-state one,
 * and autovacuum does not start on the fresh million rows mid-measurement
 * (on 2 cores it would take CPU from the runs, not from the claim itself);
 * then a CHECKPOINT, so the load's WAL does not force one mid-run either.
 * The last scenario is the other way a queue table grows: jobs that ran and
 * finished since the last vacuum, each leaving a dead entry in the indexes
 * of the states it passed through. Its table is never vacuumed nor analyzed
 * (autovacuum off): the worst case between two passes, and a new
 * deployment's table until autovacuum first gets to it.
 *
 *   node --import tsx bench/store-postgres.ts [--quick]
 */
import { openPostgresStore } from '../src/store/postgres/index.js';
import type { Store } from '../src/store/store.js';
import { claimComplete, fill, settleLoop } from './lib/store-loops.js';

const quick = process.argv.includes('--quick');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const big = quick ? 100_000 : 1_000_000;
const churned = quick ? 20_000 : 200_000;
const scenarios = [
  { name: '10,000 waiting', waiting: 10_000, scheduled: 0, churned: 0 },
  { name: `${big.toLocaleString('en')} waiting`, waiting: big, scheduled: 0, churned: 0 },
  { name: `10,000 waiting + ${big.toLocaleString('en')} scheduled`, waiting: 10_000, scheduled: big, churned: 0 },
  { name: `10,000 waiting + ${churned.toLocaleString('en')} run, table never vacuumed`, waiting: 10_000, scheduled: 0, churned },
];
// What the measured runs below consume, so the backlog stays at its size while they run.
const runs = [
  { label: 'claim+complete, batch 10', batch: 10, count: 5_000, settle: false },
  { label: 'claim+complete, batch 100', batch: 100, count: 20_000, settle: false },
  { label: 'settle (complete + claim, 1 transaction), batch 100', batch: 100, count: 20_000, settle: true },
  // A node's batches in a drain of tiny jobs (claims ahead, outcomes written together) are a few hundred.
  { label: 'settle (complete + claim, 1 transaction), batch 500', batch: 500, count: 20_000, settle: true },
];
const consumed = 2_000 + runs.reduce((a, r) => a + r.count, 0) + 300;

type PgInternals = { pool: { query(q: string): Promise<unknown> }; schema: string };
const out: Record<string, number> = {};
let n = 0;
for (const sc of scenarios) {
  const store: Store = await openPostgresStore(`${base}${base.includes('?') ? '&' : '?'}schema=cb_storebench_${process.pid}_${n++}`);
  const pg = store as unknown as PgInternals;
  try {
    await store.migrate();
    if (sc.churned) await pg.pool.query(`ALTER TABLE "${pg.schema}".jobs SET (autovacuum_enabled = false)`);
    const t0 = performance.now();
    await fill(store, sc.waiting + consumed + sc.churned, 'noop');
    // Scheduled a year out: they sit in the same queue and table but must never be claimed.
    if (sc.scheduled) await fill(store, sc.scheduled, 'noop', { delayMs: 365 * 86_400_000 });
    if (!sc.churned) await pg.pool.query(`VACUUM ANALYZE "${pg.schema}".jobs`);
    // Otherwise the load's WAL forces a checkpoint during the runs.
    await pg.pool.query('CHECKPOINT').catch(() => console.log('  (CHECKPOINT not permitted: runs may overlap one)'));
    if (sc.churned) await settleLoop(store, sc.churned, 500);
    console.log(`${sc.name}: loaded${sc.churned ? ' and run' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await claimComplete(store, 2_000, 100); // warm-up: plans, caches
    for (const r of runs) {
      const rate = r.settle ? await settleLoop(store, r.count, r.batch) : await claimComplete(store, r.count, r.batch);
      out[`${r.label}, ${sc.name} (jobs/s)`] = rate;
    }
  } finally {
    await pg.pool.query(`DROP SCHEMA "${pg.schema}" CASCADE`).catch(() => {});
    await store.close();
  }
}

for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(96)} ${Math.round(v).toLocaleString('en').padStart(8)}`);
const ratio = (label: string, name: string) => out[`${label}, ${name} (jobs/s)`] / out[`${label}, 10,000 waiting (jobs/s)`];
for (const r of runs) {
  const parts = scenarios.slice(1).map((sc) => `${sc.name} ${(ratio(r.label, sc.name) * 100).toFixed(0)}%`);
  console.log(`${r.label}: of the 10,000-waiting rate: ${parts.join('; ')}`);
}
console.log(JSON.stringify({ bench: 'store-postgres', quick, results: out }));
