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
import { describeMachine, machineInfo } from './lib/machine.mjs';
import { dropBenchDb, recreateBenchDb } from './lib/pg.mjs';
import { commandLine, writeResults } from './lib/results.mjs';
import { fmtInt, fmtRate, fmtRatio } from './lib/stats.mjs';
import { markdownTable, textTable } from './lib/table.mjs';

const args = suiteArgs();
const sizes = applySizes(args.quick ? { jobs: 100, burnMs: 20 } : { jobs: 1000, burnMs: 20 }, args.set);
const machine = machineInfo();
const cores = machine.cores;
const command = commandLine();

console.log(`# CPU efficiency: ${sizes.jobs} jobs × ~${sizes.burnMs} ms of CPU`);
console.log(`machine: ${describeMachine(machine)}`);
console.log('other load may be present on this machine: treat every number as ±30%\n');

const { iterations, serviceMs } = calibrate(sizes.burnMs);
const ideal = (cores * 1000) / serviceMs.median;
console.log(
  `burn calibrated: ${iterations} PRNG iterations; single-thread service time median ${serviceMs.median.toFixed(2)} ms ` +
    `(min ${serviceMs.min.toFixed(2)}, max ${serviceMs.max.toFixed(2)}); cores ÷ service time = ${fmtRate(ideal)}\n`,
);

// Generous bound: even a system using one core needs only jobs × service time.
const deadlineMs = 6 * sizes.jobs * serviceMs.median + 30_000;
const rows = [];
const record = (system, config, r, note = '') => {
  rows.push({ system, config, ...r, note: r?.timedOut ? `timed out (${r.done}/${r.n})` : note });
  const shown = r ? `${fmtRate(r.rate)}  (${(r.elapsedMs / 1000).toFixed(2)} s)` : '—';
  console.log(`  ${system.padEnd(32)} ${shown} ${rows.at(-1).note}`);
};

const limits = [];
async function limit(label) {
  if (!selected(args, 'free-loops')) return;
  const r = await freeLoops({ n: sizes.jobs, iterations, threads: cores });
  limits.push(r);
  record(`free loops ×${cores} (${label})`, { threads: cores, queue: 'none' }, r);
}

await limit('before');
if (selected(args, 'piscina')) record('Piscina (no durability)', piscinaConfig(cores), await piscinaPool({ n: sizes.jobs, iterations, threads: cores }));

const needsPg = ['graphile-worker', 'pg-boss'].some((s) => selected(args, s));
const dbUrl = needsPg ? await recreateBenchDb() : null;
const adapters = [
  selected(args, 'bullmq') && bullmqAdapter({ name: 'BullMQ sandboxed threads', concurrency: cores, sandboxed: true }),
  selected(args, 'graphile-worker') &&
    graphileAdapter({ name: 'graphile-worker (main thread)', connectionString: dbUrl, worker: { concurrentJobs: cores } }),
  // batchSize 50: a batch takes ~1 s, longer than the 0.5 s polling interval, so polling does not cap it.
  selected(args, 'pg-boss') && pgbossAdapter({ name: 'pg-boss (main thread)', connectionString: dbUrl, batchSize: 50 }),
  selected(args, 'corebound') && coreboundAdapter({ name: 'corebound (SQLite, durable)' }),
].filter(Boolean);

try {
  for (const adapter of adapters) {
    if (adapter.todo) {
      record(adapter.name, adapter.config, null, `TODO: ${adapter.todo}`);
      continue;
    }
    try {
      await adapter.setup();
      const r = await measureDrain(adapter, {
        queue: 'burn',
        n: sizes.jobs,
        task: 'burn',
        makePayload: (i) => ({ iterations, seed: i + 1 }),
        deadlineMs,
      });
      record(adapter.name, adapter.config, r);
    } catch (err) {
      record(adapter.name, adapter.config, null, `failed: ${err.message}`);
    } finally {
      await adapter.teardown().catch((err) => console.error(`  ! ${adapter.name} teardown: ${err.message}`));
    }
  }
} finally {
  if (dbUrl) await dropBenchDb();
}
await limit('after');

const limitRate = limits.length ? limits.reduce((a, r) => a + r.rate, 0) / limits.length : Number.NaN;
const piscinaRate = rows.find((r) => r.system.startsWith('Piscina'))?.rate ?? Number.NaN;
const table = rows.map((r) => ({
  system: r.system,
  rate: r.rate ? fmtRate(r.rate) : '—',
  vsLimit: r.rate ? fmtRatio(r.rate / limitRate) : '—',
  vsPiscina: r.rate ? fmtRatio(r.rate / piscinaRate) : '—',
  seconds: r.elapsedMs ? (r.elapsedMs / 1000).toFixed(2) : '—',
  note: r.note,
}));
const columns = [
  { key: 'system', label: 'system', align: 'left' },
  { key: 'rate', label: 'jobs/s' },
  { key: 'vsLimit', label: 'of free-loop limit' },
  { key: 'vsPiscina', label: 'of Piscina' },
  { key: 'seconds', label: 'seconds' },
  { key: 'note', label: 'note', align: 'left' },
];
console.log(`\n${textTable(table, columns)}`);
console.log(`\nfree-loop limit (mean of runs before and after): ${fmtRate(limitRate)} = ${fmtRatio(limitRate / ideal)} of cores ÷ service time`);

const configs = rows
  .filter((r) => r.config)
  .map((r) => `- **${r.system}**: \`${JSON.stringify(r.config)}\``)
  .join('\n');
const markdown = `
${fmtInt(sizes.jobs)} jobs, each a deterministic ~${sizes.burnMs} ms CPU burn (${fmtInt(iterations)} PRNG iterations; measured single-thread service time ${serviceMs.median.toFixed(2)} ms, so cores ÷ service time = ${fmtRate(ideal)}). Queue systems: workers started and warmed up with one job, then all jobs committed in one bulk call; timed from that commit until the store shows none left. Free loops and Piscina (threads started beforehand): from the first job's start to the last job's end. The limit is the mean of free-loop runs before and after the others: ${fmtRate(limitRate)} (${fmtRatio(limitRate / ideal)} of cores ÷ service time).

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
