import type { Command } from 'commander';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { Defaults } from '../../core/limits.js';
import { loadTasks } from '../../runtime/load-tasks.js';
import { startNode } from '../../runtime/start-node.js';
import { openStore } from '../../store/open.js';
import { addTelemetryOptions, setupNodeTelemetry, type TelemetryFlags } from '../../telemetry/cli.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { durationFlag, intOption } from '../options.js';
import { defaultCostBasis } from './serve.js';

interface Opts extends TelemetryFlags {
  quiet?: boolean;
  tasks: string;
  store?: string;
  workers?: number;
  lease: string;
  grace: string;
  lookahead: string;
  queues?: string;
  maxHeapMb?: number;
  isolation: string;
}

/**
 * `corebound worker`: runs a node until SIGTERM/SIGINT. The first signal
 * drains (stop claiming, let running jobs finish within --grace, release the
 * rest) and exits 0; a second signal exits at once with 130.
 */
export function registerWorker(program: Command): void {
  addTelemetryOptions(addStoreOption(
    program
      .command('worker')
      .description('run jobs: one worker thread per core, until SIGTERM/SIGINT (graceful drain)')
      .requiredOption('--tasks <dir>', 'directory of task modules (.ts, .js, .mjs)')
      .option('--workers <n>', 'worker threads (default: one per core)', intOption('workers', 1, 1024))
      .option('--lease <duration>', 'lease length, renewed every third of it', '15s')
      .option('--grace <duration>', 'on SIGTERM, how long running jobs may finish before release', '25s')
      .option('--lookahead <duration>', 'expected work per worker claimed ahead (short jobs only; 0: strictly free workers)', `${Defaults.lookaheadMs}ms`)
      .option('--queues <names>', 'extra queues to serve, comma-separated (each task serves its own queue)')
      .option('--max-heap-mb <n>', 'JS heap cap per worker thread', intOption('max-heap-mb', 16, 1 << 20))
      .option('--isolation <kind>', 'thread, or process (SIGKILL on timeout; for native code)', 'thread')
      .option('--quiet', 'log warnings and errors only (same as --log-level warn)'),
  )).action(
    action(async (o: Opts) => {
      const leaseMs = durationFlag(o.lease, '--lease');
      const graceMs = durationFlag(o.grace, '--grace');
      const lookaheadMs = durationFlag(o.lookahead, '--lookahead');
      if (leaseMs < 300) throw new CoreboundError(ErrorCodes.INVALID_OPTION, '--lease must be at least 300ms');
      if (o.isolation !== 'thread' && o.isolation !== 'process') {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--isolation must be thread or process, not "${o.isolation}"`);
      }
      const queues = o.queues ? o.queues.split(',').map((q) => q.trim()).filter(Boolean) : [];
      const tasks = await loadTasks(o.tasks);
      if (tasks.size === 0) throw new CoreboundError(ErrorCodes.INVALID_OPTION, `no task modules in ${o.tasks}`);
      if (o.quiet && !o.logLevel) o.logLevel = 'warn';
      const rawStore = await openStore(resolveStoreUrl(o.store));
      const t = await setupNodeTelemetry(rawStore, o, { cost: defaultCostBasis() });
      const store = t.store;
      const log = t.logger;
      let node: Awaited<ReturnType<typeof startNode>>;
      try {
        node = await startNode({
          store,
          tasks,
          workers: o.workers,
          leaseMs,
          graceMs,
          lookaheadMs,
          queues,
          logger: t.taskLogger,
          maxOldGenerationSizeMb: o.maxHeapMb,
          isolation: o.isolation as 'thread' | 'process',
        });
        await t.attach(node);
      } catch (e) {
        await t.close();
        await rawStore.close();
        throw e;
      }
      // Handlers first, then the ready line: a supervisor that signals the moment it reads the line must
      // find them installed (until then Node's default SIGTERM action ends the process without a drain).
      const drained = new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = (sig: NodeJS.Signals) => {
          if (++signals > 1) {
            process.stderr.write(`corebound worker: second ${sig}, exiting now\n`);
            process.exit(130);
          }
          process.stderr.write(`corebound worker: ${sig}, draining (grace ${o.grace})\n`);
          node.drain(graceMs).then(resolve, (e) => {
            log.error({ error: (e as Error).message }, 'drain failed');
            resolve();
          });
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      });
      const { workers } = node.stats();
      log.info({ workerId: node.workerId, workers, tasks: [...tasks.keys()], store: store.kind }, 'worker started');
      process.stderr.write(`corebound worker: ${workers} ${o.isolation === 'process' ? 'processes' : 'threads'}, tasks: ${[...tasks.keys()].join(', ')}\n`);
      await drained;
      const { counts } = node.stats();
      await t.close();
      await rawStore.close();
      log.info(counts, 'worker stopped');
      process.stderr.write(`corebound worker: drained (${counts.succeeded} succeeded, ${counts.released} released)\n`);
    }),
  );
}
