import type { Command } from 'commander';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { EnqueueSpecSchema } from '../../core/spec.js';
import { action, addStoreOption } from '../common.js';
import { intOption } from '../options.js';
import { withStore } from './inspect.js';

const bool = (flag: string) => (v: string): boolean => {
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off') return false;
  throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--${flag} must be true or false, not "${v}"`);
};

/** A queue name as the API takes it: these commands write a row for it. */
function queueName(name: string): string {
  const r = EnqueueSpecSchema.shape.task.safeParse(name);
  if (!r.success) throw new CoreboundError(ErrorCodes.INVALID_OPTION, `invalid queue name "${name.slice(0, 80)}": ${r.error.issues[0]?.message}`);
  return name;
}

/** `corebound queue …`: per-queue settings (admission bound, public results, pause). */
export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('queue settings: admission depth, public results, pause/resume');

  addStoreOption(queue.command('set <queue>').description('change a queue\'s settings'))
    .option('--max-depth <n>', 'refuse enqueues past this many waiting jobs (HTTP 429)', intOption('max-depth', 1, 1_000_000_000))
    .option('--public-results <bool>', 'results may be cached publicly by a CDN (true/false)', bool('public-results'))
    .option('--json', 'print machine-readable output')
    .action(
      action(async (name: string, o: { maxDepth?: number; publicResults?: boolean; json?: boolean; store?: string }) => {
        if (o.maxDepth === undefined && o.publicResults === undefined) {
          throw new CoreboundError(ErrorCodes.INVALID_OPTION, 'give --max-depth and/or --public-results');
        }
        await withStore(o.store, async (store) => {
          const c = await store.setQueueConfig(queueName(name), {
            ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
            ...(o.publicResults !== undefined ? { publicResults: o.publicResults } : {}),
          });
          process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `${formatConfig(c)}\n`);
        });
      }),
    );

  for (const verb of ['pause', 'resume'] as const) {
    addStoreOption(queue.command(`${verb} <queue>`).description(verb === 'pause' ? 'stop claiming from a queue (enqueue still works)' : 'claim from a paused queue again'))
      .action(
        action(async (name: string, o: { store?: string }) => {
          await withStore(o.store, async (store) => {
            if (verb === 'pause') await store.pauseQueue(queueName(name));
            else await store.resumeQueue(queueName(name));
            process.stdout.write(`queue ${name} ${verb === 'pause' ? 'paused' : 'resumed'}\n`);
          });
        }),
      );
  }

  addStoreOption(queue.command('list').description('queues with settings and counts'))
    .option('--json', 'print machine-readable output')
    .action(
      action(async (o: { json?: boolean; store?: string }) => {
        await withStore(o.store, async (store) => {
          const [stats, configs] = await Promise.all([store.stats(), store.queueConfigs()]);
          const byName = new Map(configs.map((c) => [c.queue, c]));
          const rows = stats.map((s) => ({ ...s, config: byName.get(s.queue) ?? null }));
          if (o.json) {
            process.stdout.write(`${JSON.stringify(rows)}\n`);
            return;
          }
          for (const r of rows) {
            const c = r.counts;
            process.stdout.write(
              `${r.queue.padEnd(20)} queued ${c.queued}  scheduled ${c.scheduled + c.retrying}  running ${c.running}  dead ${c.dead}${r.config ? `  ${formatConfig(r.config).replace(/^queue \S+ /, '')}` : ''}\n`,
            );
          }
        });
      }),
    );
}

function formatConfig(c: { queue: string; paused: boolean; maxDepth: number | null; publicResults: boolean }): string {
  return `queue ${c.queue} ${c.paused ? 'paused' : 'active'}, max depth ${c.maxDepth ?? 'default (100,000)'}, results ${c.publicResults ? 'public' : 'private'}`;
}
