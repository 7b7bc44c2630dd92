import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { gatherExplainContext } from '../../explain/context.js';
import { explainJob } from '../../explain/explain.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { jobId } from '../options.js';

/** `corebound explain ID`: what a job did, why it is where it is, and what happens next. */
export function registerExplain(program: Command): void {
  addStoreOption(program.command('explain <id>').description('a job’s story in plain words: attempts, why it waits or died, what next'))
    .option('--json', 'print machine-readable output')
    .action(
      action(async (id: string, o: { json?: boolean; store?: string }) => {
        const n = jobId(id);
        const store = await openStore(resolveStoreUrl(o.store));
        try {
          const job = await store.get(n);
          if (!job) throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${n} not found`);
          const now = systemClock.now();
          const [attempts, context] = await Promise.all([store.attempts(n), gatherExplainContext(store, job, { now })]);
          const e = explainJob(job, attempts, context);
          process.stdout.write(o.json ? `${JSON.stringify(e)}\n` : `${e.text}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
