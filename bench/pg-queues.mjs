#!/usr/bin/env node
// Queue throughput and latency (issue 4): graphile-worker and pg-boss on the
// same PostgreSQL, BullMQ on the local Redis, each configured for throughput
// as its docs recommend; the configuration used is printed and recorded.
//
//   node bench/pg-queues.mjs [--quick] [--only systems] [--measure drain,enqueue,latency,claim]
//                            [--set drainJobs=20000 --set backlogJobs=200000 ...]
// systems: bullmq, graphile-worker, graphile-worker-batched, pg-boss, corebound
import { bullmqAdapter } from './adapters/bullmq.mjs';
import { coreboundAdapter } from './adapters/corebound.mjs';
import { graphileAdapter } from './adapters/graphile.mjs';
import { pgbossAdapter } from './adapters/pgboss.mjs';
import { applySizes, selected, suiteArgs } from './lib/args.mjs';
import { loadBacklog, measureDrain, measureEnqueue, measureLatency } from './lib/harness.mjs';
import { describeMachine, machineInfo } from './lib/machine.mjs';
import { dropBenchDb, quietServer, recreateBenchDb, serverVersion } from './lib/pg.mjs';
import { commandLine, writeResults } from './lib/results.mjs';
import { fmtInt, fmtMs, fmtRate } from './lib/stats.mjs';
import { markdownTable, textTable } from './lib/table.mjs';

const args = suiteArgs({ measure: { type: 'string', default: 'drain,enqueue,latency,claim' } });
const measures = new Set(args.measure.split(',').map((m) => m.trim()));
const want = (system) => selected(args, system);

// Drains and claims shorter than repeatUnderS are repeated (up to `repeats`) and the median kept:
// a sub-second run on a shared 2-core machine is mostly noise.
const FULL = { drainJobs: 20_000, enqueueJobs: 5_000, inFlight: 10, latencyJobs: 200, gapMaxMs: 100, claimJobs: 2_000, backlogJobs: 200_000, repeats: 3, repeatUnderS: 5, deadlineS: 120 };
const QUICK = { ...FULL, drainJobs: 2_000, enqueueJobs: 500, latencyJobs: 20, claimJobs: 300, backlogJobs: 20_000, repeats: 1, deadlineS: 45 };
const sizes = applySizes(args.quick ? QUICK : FULL, args.set);
const deadlineMs = sizes.deadlineS * 1000;
const machine = machineInfo();
const command = commandLine();

console.log('# Queue throughput and latency: PostgreSQL queues and BullMQ');
console.log(`machine: ${describeMachine(machine)}`);
console.log('other load may be present on this machine: treat every number as ±30%');
console.log(`sizes: ${JSON.stringify(sizes)}; every measurement is bounded by ${sizes.deadlineS} s\n`);

const dbUrl = await recreateBenchDb();
machine.postgres = await serverVersion();
const systems = [
  ['bullmq', () => bullmqAdapter({ name: 'BullMQ', concurrency: 100 })],
  // The concurrency and pool size of the graphile-worker performance page, without and with its batching.
  ['graphile-worker', () => graphileAdapter({ name: 'graphile-worker', connectionString: dbUrl, worker: { concurrentJobs: 24, maxPoolSize: 25 } })],
  [
    'graphile-worker-batched',
    () => ({
      ...graphileAdapter({
        name: 'graphile-worker + local queue batching',
        connectionString: dbUrl,
        worker: { concurrentJobs: 24, maxPoolSize: 25, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 },
      }),
      skip: ['enqueue'], // same addJob path as graphile-worker
    }),
  ],
  // One work() loop fetching 1,000 jobs per poll at the minimum interval (0.5 s).
  ['pg-boss', () => pgbossAdapter({ name: 'pg-boss', connectionString: dbUrl, batchSize: 1000, workers: 1 })],
  ['corebound', () => coreboundAdapter({ name: 'corebound', store: 'postgres' })],
];

const results = [];
for (const [key, make] of systems) {
  if (!want(key)) continue;
  const adapter = make();
  const row = { system: adapter.name, key, config: adapter.config, todo: adapter.todo ?? null };
  results.push(row);
  console.log(`## ${adapter.name}\nconfig: ${JSON.stringify(adapter.config)}`);
  if (adapter.todo) {
    console.log(`  TODO: ${adapter.todo}\n`);
    continue;
  }
  const runs = (m) => measures.has(m) && !(adapter.skip ?? []).includes(m);
  try {
    const waited = await quietServer();
    if (waited >= 250) console.log(`  waited ${(waited / 1000).toFixed(1)} s for autovacuum to finish before starting`);
    await adapter.setup();
    if (runs('drain')) {
      row.drain = await repeated(() => measureDrain(adapter, { queue: 'drain', n: sizes.drainJobs, task: 'noop', deadlineMs }));
      log('no-op drain', row.drain, fmtRate(row.drain.rate));
    }
    if (runs('enqueue')) {
      row.enqueue = await measureEnqueue(adapter, { queue: 'enqueue', n: sizes.enqueueJobs, inFlight: sizes.inFlight, deadlineMs });
      log(`enqueue (${sizes.inFlight} in flight)`, row.enqueue, fmtRate(row.enqueue.rate));
    }
    if (runs('latency')) {
      row.latency = await measureLatency(adapter, { queue: 'latency', n: sizes.latencyJobs, gapMaxMs: sizes.gapMaxMs, deadlineMs });
      const l = row.latency.latencyMs;
      log('idle enqueue-to-start', row.latency, `p50 ${fmtMs(l.p50)}, p99 ${fmtMs(l.p99)}, max ${fmtMs(l.max)}`);
    }
    if (runs('claim')) {
      const claim = { queue: 'claim', n: sizes.claimJobs, task: 'noop', deadlineMs, fresh: false };
      await adapter.reset();
      row.claim = await repeated(() => measureDrain(adapter, claim));
      log('claim+complete, none waiting', row.claim, fmtRate(row.claim.rate));
      const backlogLoadMs = await loadBacklog(adapter, 'claim_other', sizes.backlogJobs);
      row.claimBacklog = { ...(await repeated(() => measureDrain(adapter, claim))), backlog: sizes.backlogJobs, backlogLoadMs };
      log(`claim+complete, ${fmtInt(sizes.backlogJobs)} waiting elsewhere`, row.claimBacklog, fmtRate(row.claimBacklog.rate));
    }
  } catch (err) {
    row.error = err.message;
    console.log(`  failed: ${err.stack}`);
  } finally {
    await adapter.reset().catch(() => {});
    await adapter.teardown().catch((err) => console.error(`  ! ${adapter.name} teardown: ${err.message}`));
  }
  console.log('');
}

/** Runs a measurement up to `repeats` times while runs stay short; keeps the median by rate. */
async function repeated(measure) {
  const runs = [];
  for (let i = 0; i < sizes.repeats; i++) {
    const r = await measure();
    runs.push(r);
    if (r.timedOut) return { ...r, runs: runs.map((x) => Math.round(x.rate)) };
    if (r.elapsedMs > sizes.repeatUnderS * 1000) break;
  }
  const sorted = [...runs].sort((a, b) => a.rate - b.rate);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs: runs.map((x) => Math.round(x.rate)) };
}

function log(label, r, text) {
  const extra = r.timedOut ? ` — TIMED OUT (${r.done}/${r.n} in ${(r.elapsedMs / 1000).toFixed(1)} s)` : '';
  const runs = r.runs?.length > 1 ? `  (median of ${r.runs.map((x) => fmtInt(x)).join(', ')})` : '';
  console.log(`  ${label.padEnd(44)} ${text}${extra}${runs}`);
}

// A cell: the number, or what happened instead.
const cell = (row, r, fmt) => {
  if (row.todo) return 'TODO';
  if (!r) return row.error ? 'failed' : '—';
  return r.timedOut ? `timed out (${r.done}/${r.n}, ~${fmt(r)})` : fmt(r);
};
const rateOf = (r) => fmtRate(r.rate);
const table = results.map((row) => ({
  system: row.system,
  drain: cell(row, row.drain, rateOf),
  enqueue: cell(row, row.enqueue, rateOf),
  p50: cell(row, row.latency, (r) => fmtMs(r.latencyMs.p50)),
  p99: cell(row, row.latency, (r) => fmtMs(r.latencyMs.p99)),
  claim: cell(row, row.claim, rateOf),
  claimBacklog: cell(row, row.claimBacklog, rateOf),
}));
const columns = [
  { key: 'system', label: 'system', align: 'left' },
  { key: 'drain', label: `no-op drain (${fmtInt(sizes.drainJobs)} jobs)` },
  { key: 'enqueue', label: `enqueue, ${sizes.inFlight} in flight` },
  { key: 'p50', label: 'idle start p50' },
  { key: 'p99', label: 'idle start p99' },
  { key: 'claim', label: `claim+complete ${fmtInt(sizes.claimJobs)}, none waiting` },
  { key: 'claimBacklog', label: `same, ${fmtInt(sizes.backlogJobs)} waiting in another queue` },
];
console.log(textTable(table, columns));

const configs = results.map((r) => `- **${r.system}**: \`${JSON.stringify(r.config)}\``).join('\n');
const markdown = `
PostgreSQL ${machine.postgres} and Redis on the same machine. Before each system the bench waits for any autovacuum worker to finish and checkpoints, so no system pays for the dead rows of the one before it. Drain and claim: the workers are started and one warm-up job is run through them, then all jobs are committed in one bulk call; the rate is timed from that commit until the store shows none left; enqueue is single-job calls with ${sizes.inFlight} in flight and no worker running; idle latency is ${fmtInt(sizes.latencyJobs)} jobs one at a time, each enqueued after a random 0–${sizes.gapMaxMs} ms pause, measured from the enqueue call to the start of the task. "Another queue" is a second queue name for BullMQ and pg-boss and a task identifier the worker does not run for graphile-worker. Drain and claim runs shorter than ${sizes.repeatUnderS} s are repeated (up to ${sizes.repeats} runs) and the median is shown. Every measurement is bounded by ${sizes.deadlineS} s; "timed out" shows how far it got.

${markdownTable(table, columns)}

Configuration used:
${configs}
`;
const files = await writeResults('pg-queues', { quick: args.quick, machine, command, sizes, results, markdown });
console.log(`\nwrote ${files.json}`);
// Dropped only after the results are safe: DROP … WITH (FORCE) ends any connection a library left open.
await dropBenchDb();
process.exit(0);
