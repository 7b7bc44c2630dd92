import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { formatDuration } from '../../core/duration.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { intOption } from '../options.js';

interface Opts {
  shards: number;
  paths: number;
  seed: number;
  workers?: number;
  json?: boolean;
  store?: string;
}

/**
 * The main job: price an Asian option by Monte Carlo, split into CPU-bound
 * shards that run one per core. Interrupt it (Ctrl-C, or kill -9) and run it
 * again: finished shards come from the store, only the rest are computed.
 */
export function registerDemo(program: Command): void {
  addStoreOption(program.command('demo').description('Monte Carlo simulation on every core: the main job'))
    .option('--shards <n>', 'number of shard jobs', intOption('shards', 1, 10_000), 300)
    .option('--paths <n>', 'simulated paths per shard', intOption('paths', 1, 10_000_000), 10_000)
    .option('--seed <n>', 'base seed (same seed, same answer)', intOption('seed', 0, 1_000_000), 42)
    .option('--workers <n>', 'worker threads (default: one per core)', intOption('workers', 1, 1024))
    .option('--json', 'print machine-readable output')
    .action(action(run));
}

async function run(o: Opts): Promise<void> {
  // Imported here so other commands do not pay for the runtime and the example.
  const { runAsianDemo } = await import('../../demo/asian-option.js');
  const store = await openStore(resolveStoreUrl(o.store));
  const abort = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = o.json || !process.stderr.isTTY
    ? null
    : new SingleBar({ format: 'shards [{bar}] {value}/{total}  {percentage}%  eta {eta_formatted}', hideCursor: true });
  let last = -1;
  const params = { spot: 100, strike: 100, rate: 0.05, volatility: 0.2, years: 1, steps: 64 };
  try {
    const r = await runAsianDemo({
      store,
      shards: o.shards,
      paths: o.paths,
      seed: o.seed,
      workers: o.workers,
      params,
      signal: abort.signal,
      onProgress: (done, total) => {
        if (bar) {
          if (last < 0) bar.start(total, done);
          else bar.update(done);
        } else if (!o.json && (done === total || Math.floor((done / total) * 10) !== Math.floor((last / total) * 10))) {
          process.stderr.write(`shards ${done}/${total}\n`);
        }
        last = done;
      },
    });
    bar?.stop();
    const busy = r.busyMsPerWorker;
    const utilization = busy.reduce((a, b) => a + b, 0) / (r.workers * r.wallMs);
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ ...r, params, utilization, jobsPerSecond: r.computed / (r.wallMs / 1000) })}\n`);
    } else {
      const p = r.price;
      const lines = [
        `Asian call (S=${params.spot} K=${params.strike} r=${params.rate} σ=${params.volatility} T=${params.years}y, ${params.steps} fixings)`,
        p
          ? `  price ${p.price.toFixed(4)}   95% CI [${p.low.toFixed(4)}, ${p.high.toFixed(4)}]   ${p.paths.toLocaleString('en')} paths`
          : '  no shard finished yet',
        `  shards ${r.shards}: ${r.computed} computed now, ${r.resumed} resumed from the store${r.dead ? `, ${r.dead} dead (see corebound jobs --state dead)` : ''}`,
        `  wall ${formatDuration(r.wallMs)}   ${(r.computed / (r.wallMs / 1000)).toFixed(1)} jobs/s   CPU ${(r.cpuMs / 1000).toFixed(2)} s`,
        `  busy per core ${busy.map((b) => formatDuration(b)).join('  ')}   utilization ${(utilization * 100).toFixed(1)}% of ${r.workers} workers`,
      ];
      if (!r.complete) lines.push('  interrupted: run the same command again to resume');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (!r.complete) process.exitCode = r.dead ? 1 : 130;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}
