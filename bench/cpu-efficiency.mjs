#!/usr/bin/env node
// CPU efficiency (issue 3): N jobs that each burn ~20 ms of CPU, through every
// system, against the practical limit measured in the same run (free-running
// burn loops on every core, no queue) and a bare Piscina pool (no durability).
//
//   node bench/cpu-efficiency.mjs [--quick] [--only a,b] [--skip a,b] [--set jobs=1000]
// systems: free-loops, piscina, bullmq, graphile-worker, pg-boss, corebound
import { bullmqAdapter } from './adapters/bullmq.mjs';
import { freeLoops, piscinaConfig, piscinaPool } from './adapters/baselines.mjs';
import { coreboundAdapter } from './adapters/corebound.mjs';
import { graphileAdapter } from './adapters/graphile.mjs';
import { pgbossAdapter } from './adapters/pgboss.mjs';
import { applySizes, selected, suiteArgs } from './lib/args.mjs';
import { calibrate } from './lib/burn.mjs';
import { measureDrain } from './lib/harness.mjs';
import { describeMachine, loadAvgNow, machineInfo } from './lib/machine.mjs';
import { dropBenchDb, recreateBenchDb } from './lib/pg.mjs';
import { commandLine, writeResults } from './lib/results.mjs';
import { fmtInt, fmtRate, fmtRatio, median } from './lib/stats.mjs';
import { markdownTable, textTable } from './lib/table.mjs';

const args = suiteArgs();
const sizes = applySizes(args.quick ? { jobs: 100, burnMs: 20, rounds: 1 } : { jobs: 1000, burnMs: 20, rounds: 5 }, args.set);
const machine = machineInfo();
const cores = machine.cores;
const command = commandLine();

console.log(`# CPU efficiency: ${sizes.jobs} jobs × ~${sizes.burnMs} ms of CPU`);
console.log(`machine: ${describeMachine(machine)}`);
console.log('other load may be present on this machine: treat every number as ±30%\n');

const { iterations, serviceMs } = calibrate(sizes.burnMs);
// The fastest of 15 timed burns: the best estimate of the uncontended service time.
const ideal = (cores * 1000) / serviceMs.min;
console.log(
  `burn calibrated: ${iterations} PRNG iterations; single-thread service time median ${serviceMs.median.toFixed(2)} ms ` +
    `(min ${serviceMs.min.toFixed(2)}, max ${serviceMs.max.toFixed(2)}); cores ÷ min service time = ${fmtRate(ideal)}\n`,
);

// Generous bound: even a system using one core needs only jobs × service time.
const deadlineMs = 6 * sizes.jobs * serviceMs.median + 30_000;

// Systems run in rounds (A B C … A B C …): each is judged against the limit
// measured minutes apart in the same round (see pairedRatio below), and its
// fastest run is shown too.
const systems = [];
const add = (key, name, config, run, todo) => selected(args, key) && systems.push({ key, name, config, run, todo, runs: [] });
add('free-loops', `free loops ×${cores} (the limit)`, { threads: cores, queue: 'none' }, () => freeLoops({ n: sizes.jobs, iterations, threads: cores }));
add('piscina', 'Piscina (no durability)', piscinaConfig(cores), () => piscinaPool({ n: sizes.jobs, iterations, threads: cores }));
const needsPg = ['graphile-worker', 'pg-boss'].some((s) => selected(args, s));
const dbUrl = needsPg ? await recreateBenchDb() : null;
const adapters = [
  ['bullmq', bullmqAdapter({ name: 'BullMQ sandboxed threads', concurrency: cores, sandboxed: true })],
  ['graphile-worker', graphileAdapter({ name: 'graphile-worker (main thread)', connectionString: dbUrl, worker: { concurrentJobs: cores } })],
  // batchSize 50: a batch takes ~1 s, longer than the 0.5 s polling interval, so polling does not cap it.
  ['pg-boss', pgbossAdapter({ name: 'pg-boss (main thread)', connectionString: dbUrl, batchSize: 50 })],
  ['corebound', coreboundAdapter({ name: 'corebound (SQLite, durable)' })],
];
for (const [key, adapter] of adapters) add(key, adapter.name, adapter.config, adapter.todo ? null : () => drainWith(adapter), adapter.todo);

async function drainWith(adapter) {
  try {
    await adapter.setup();
    const r = await measureDrain(adapter, {
      queue: 'burn',
      n: sizes.jobs,
      task: 'burn',
      makePayload: (i) => ({ iterations, seed: i + 1 }),
      deadlineMs,
    });
    return adapter.cpu ? { ...r, cpu: adapter.cpu } : r;
  } finally {
    await adapter.teardown().catch((err) => console.error(`  ! ${adapter.name} teardown: ${err.message}`));
  }
}

try {
  for (let round = 1; round <= sizes.rounds; round++) {
    console.log(`round ${round}/${sizes.rounds}  (load average ${loadAvgNow().join(' / ')})`);
    for (const sys of systems) {
      if (!sys.run) continue;
      try {
        const r = await sys.run();
        sys.runs.push(r);
        const note = r.timedOut ? `timed out (${r.done}/${r.n})` : '';
        console.log(`  ${sys.name.padEnd(32)} ${fmtRate(r.rate).padStart(8)}  (${(r.elapsedMs / 1000).toFixed(2)} s) ${note}`);
      } catch (err) {
        sys.error = err.message;
        sys.run = null; // a system that cannot start will not start next round either
        console.log(`  ${sys.name.padEnd(32)} failed: ${err.message}`);
      }
    }
  }
} finally {
  if (dbUrl) await dropBenchDb();
}

const best = (sys) => sys.runs.filter((r) => !r.timedOut).sort((x, y) => y.rate - x.rate)[0] ?? sys.runs[0];
const rows = systems.map((sys) => {
  const r = best(sys);
  const note = sys.todo ? `TODO: ${sys.todo}` : sys.error ? `failed: ${sys.error}` : r?.timedOut ? `timed out (${r.done}/${r.n})` : '';
  return { system: sys.name, key: sys.key, config: sys.config, ...r, runs: sys.runs.map((x) => Number(x.rate.toFixed(1))), note };
});
const limitRate = rows.find((r) => r.key === 'free-loops')?.rate ?? Number.NaN;
const piscinaRate = rows.find((r) => r.key === 'piscina')?.rate ?? Number.NaN;
// This machine's speed drifts by ±20% over minutes (other tenants), so a system's fastest run can
// land in a faster minute than the limit's. Each round runs every system back to back; the ratio of
// a system to the limit *within a round* cancels most of the drift, and the median of those ratios
// is what the targets are judged on.
const byKey = Object.fromEntries(systems.map((sys) => [sys.key, sys]));
function pairedRatio(sys, refKey) {
  const ref = byKey[refKey];
  if (!ref) return { median: Number.NaN, each: [] };
  const each = [];
  for (let i = 0; i < Math.min(sys.runs.length, ref.runs.length); i++) {
    const a = sys.runs[i];
    const b = ref.runs[i];
    if (!a.timedOut && !b.timedOut && b.rate > 0) each.push(a.rate / b.rate);
  }
  return { median: median(each), each };
}
const medianOf = (runs, f) => median(runs.filter((r) => r.cpu).map(f));
for (const r of rows) {
  const sys = byKey[r.key];
  r.vsLimitPaired = pairedRatio(sys, 'free-loops');
  r.vsPiscinaPaired = pairedRatio(sys, 'piscina');
  r.cpuMedian = sys.runs.some((x) => x.cpu)
    ? {
        workersOnCpu: medianOf(sys.runs, (x) => x.cpu.workersOnCpu),
        mainMsPerJob: medianOf(sys.runs, (x) => x.cpu.mainMsPerJob),
        helperMsPerJob: medianOf(sys.runs, (x) => x.cpu.helperMsPerJob),
      }
    : null;
}
const table = rows.map((r) => ({
  system: r.system,
  rate: r.rate ? fmtRate(r.rate) : '—',
  vsLimit: r.vsLimitPaired.each.length ? `${fmtRatio(r.vsLimitPaired.median)} (${r.vsLimitPaired.each.map((x) => (x * 100).toFixed(0)).join(', ')})` : '—',
  vsPiscina: r.vsPiscinaPaired.each.length ? fmtRatio(r.vsPiscinaPaired.median) : '—',
  runs: r.runs.length > 1 ? r.runs.map((x) => x.toFixed(1)).join(', ') : '',
  onCpu: r.cpuMedian ? fmtRatio(r.cpuMedian.workersOnCpu) : '—',
  beside: r.cpuMedian ? `${r.cpuMedian.mainMsPerJob.toFixed(2)} + ${r.cpuMedian.helperMsPerJob.toFixed(2)}` : '—',
  note: r.note,
}));
const columns = [
  { key: 'system', label: 'system', align: 'left' },
  { key: 'rate', label: 'fastest, jobs/s' },
  { key: 'runs', label: 'every round, jobs/s', align: 'left' },
  { key: 'vsLimit', label: 'of free loops, same round: median (each, %)' },
  { key: 'vsPiscina', label: 'of Piscina, same round: median' },
  { key: 'onCpu', label: 'workers on CPU' },
  { key: 'beside', label: 'CPU ms/job beside workers: main + helpers' },
  { key: 'note', label: 'note', align: 'left' },
];
console.log(`\n${textTable(table, columns)}`);
console.log(`\nfree-loop limit (fastest run): ${fmtRate(limitRate)} = ${fmtRatio(limitRate / ideal)} of cores ÷ service time`);

const configs = rows
  .filter((r) => r.config)
  .map((r) => `- **${r.system}**: \`${JSON.stringify(r.config)}\``)
  .join('\n');
const markdown = `
${fmtInt(sizes.jobs)} jobs, each a deterministic ~${sizes.burnMs} ms CPU burn (${fmtInt(iterations)} PRNG iterations; single-thread service time ${serviceMs.min.toFixed(2)} ms at best, ${serviceMs.median.toFixed(2)} ms median of 15, so cores ÷ service time = ${fmtRate(ideal)}). Queue systems: workers started and warmed up with one job, then all jobs committed in one bulk call; timed from that commit until the store shows none left. Free loops and Piscina (threads started beforehand): from the first job's start to the last job's end. Every system ran ${sizes.rounds} time(s), in rounds (A B C … A B C …). This machine's speed drifts by up to ±20% over minutes, so a system's fastest run can fall in a faster minute than the limit's: each system is compared with the free loops (and Piscina) *of the same round*, and the median of those ratios is the result. For the systems that run in the bench's process, each run's CPU is split by thread (/proc/self/task/*/schedstat; medians of the runs shown): the share of the wall time the worker threads were on a CPU, and the CPU per job spent beside them on the main thread and on helper threads (V8, libuv); with one worker per core, that is CPU the workers do not get. The fastest free-loop run: ${fmtRate(limitRate)} (${fmtRatio(limitRate / ideal)} of cores ÷ service time).

${markdownTable(table, columns)}

Configuration used:
${configs}
`;
const files = await writeResults('cpu-efficiency', {
  quick: args.quick,
  machine,
  command,
  sizes,
  calibration: { iterations, serviceMs, idealRate: ideal },
  limitRate,
  piscinaRate,
  rows,
  markdown,
});
console.log(`\nwrote ${files.json}`);
process.exit(0);
