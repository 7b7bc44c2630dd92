import type { Command } from 'commander';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { Defaults } from '../../core/limits.js';
import { loadTasks } from '../../runtime/load-tasks.js';
import { startNode } from '../../runtime/start-node.js';
import { openStore } from '../../store/open.js';
import { addTelemetryOptions, setupNodeTelemetry, type TelemetryFlags } from '../../telemetry/cli.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { durationFlag, intOption } from '../options.js';
import { defaultCostBasis, serveApi } from './serve.js';

interface Opts extends TelemetryFlags {
  tasks: string;
  store?: string;
  host: string;
  port: number;
  workers?: number;
  grace: string;
  lookahead: string;
  auth?: boolean;
  publicUrl?: string;
}

/**
 * `corebound start`: one process with the HTTP API, the dashboard, metrics
 * and the workers: the whole system on one machine. SIGTERM/SIGINT: /readyz
 * turns 503 at once, workers drain within --grace, then the API closes; exit 0.
 */
export function registerStart(program: Command): void {
  addTelemetryOptions(
    addStoreOption(
      program
        .command('start')
        .description('API + dashboard + workers in one process')
        .requiredOption('--tasks <dir>', 'directory of task modules')
        .option('--host <host>', 'address to listen on; anything but loopback needs API tokens', '127.0.0.1')
        .option('--port <n>', 'port (0 picks a free one)', intOption('port', 0, 65_535), 8080)
        .option('--workers <n>', 'worker threads (default: one per core)', intOption('workers', 1, 1024))
        .option('--grace <duration>', 'on SIGTERM, how long running jobs may finish before release', '25s')
        .option('--lookahead <duration>', 'expected work per worker claimed ahead (short jobs only; 0: strictly free workers)', `${Defaults.lookaheadMs}ms`)
        .option('--auth', 'require API tokens even on loopback before any exist')
        .option('--public-url <url>', 'base of resultUrl, e.g. your CDN'),
    ),
  ).action(
    action(async (o: Opts) => {
      const graceMs = durationFlag(o.grace, '--grace');
      const lookaheadMs = durationFlag(o.lookahead, '--lookahead');
      const catalog = await loadTasks(o.tasks);
      if (catalog.size === 0) throw new CoreboundError(ErrorCodes.INVALID_OPTION, `no task modules in ${o.tasks}`);
      const cost = defaultCostBasis();
      const rawStore = await openStore(resolveStoreUrl(o.store));
      const t = await setupNodeTelemetry(rawStore, o, { cost });
      let node: Awaited<ReturnType<typeof startNode>> | undefined;
      let api: Awaited<ReturnType<typeof serveApi>> | undefined;
      try {
        node = await startNode({ store: t.store, tasks: catalog, workers: o.workers, graceMs, lookaheadMs, logger: t.taskLogger });
        await t.attach(node);
        const n = node;
        api = await serveApi(
          {
            store: t.store,
            catalog,
            host: o.host,
            port: o.port,
            auth: o.auth,
            publicBaseUrl: o.publicUrl,
            cost,
            logger: t.logger,
            node: { readiness: () => (n.stats().draining ? { ready: false, reason: 'draining' } : { ready: true }) },
          },
          { metrics: t.metrics, node },
        );
      } catch (e) {
        await node?.stop().catch(() => {});
        await t.close();
        await rawStore.close();
        throw e;
      }
      // Handlers before the announcement (see worker.ts).
      const drained = new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = () => {
          if (++signals > 1) process.exit(130);
          api?.drain();
          node?.drain(graceMs).then(resolve, resolve);
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      });
      t.logger.info({ url: api.url, workers: node.stats().workers, tasks: [...catalog.keys()] }, 'corebound started: API, dashboard and workers');
      await drained;
      await api.close();
      await t.close();
      await rawStore.close();
    }),
  );
}
