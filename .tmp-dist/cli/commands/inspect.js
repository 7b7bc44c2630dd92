import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { JobStates } from '../../core/job.js';
import { openStore } from '../../store/open.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { formatJob, formatJobRow } from '../format.js';
import { intOption, jobId } from '../options.js';
export async function withStore(flag, fn) {
    const store = await openStore(resolveStoreUrl(flag));
    try {
        return await fn(store);
    }
    finally {
        await store.close();
    }
}
export function registerInspect(program) {
    addStoreOption(program.command('status <id>').description('a job: state, progress, attempts, timings, errors'))
        .option('--json', 'print machine-readable output')
        .action(action(async (id, o) => {
        const n = jobId(id);
        await withStore(o.store, async (store) => {
            const job = await store.get(n);
            if (!job)
                throw new CoreboundError(ErrorCodes.NOT_FOUND, `job ${n} not found`);
            const attempts = await store.attempts(n);
            process.stdout.write(o.json ? `${JSON.stringify({ ...job, attempts })}\n` : `${formatJob(job, attempts)}\n`);
        });
    }));
    addStoreOption(program.command('jobs').description('list jobs, newest first'))
        .option('--state <state>', `one of ${JobStates.join(', ')}`)
        .option('--queue <queue>', 'only this queue')
        .option('--limit <n>', 'at most this many (1-1000)', intOption('limit', 1, 1000), 50)
        .option('--cursor <id>', 'continue after this job id (from the previous page)')
        .option('--json', 'print machine-readable output')
        .action(action(async (o) => {
        if (o.state && !JobStates.includes(o.state)) {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--state must be one of ${JobStates.join(', ')}`);
        }
        await withStore(o.store, async (store) => {
            const page = await store.list({
                state: o.state,
                queue: o.queue,
                limit: o.limit,
                cursor: o.cursor ? jobId(o.cursor) : undefined,
            });
            if (o.json) {
                process.stdout.write(`${JSON.stringify(page)}\n`);
                return;
            }
            for (const j of page.jobs)
                process.stdout.write(`${formatJobRow(j)}\n`);
            if (page.nextCursor)
                process.stdout.write(`more: --cursor ${page.nextCursor}\n`);
        });
    }));
    for (const [name, desc] of [
        ['retry', 'replay a dead or cancelled job, or run a waiting one now'],
        ['cancel', 'cancel a waiting or running job'],
    ]) {
        addStoreOption(program.command(`${name} <id>`).description(desc))
            .option('--json', 'print machine-readable output')
            .action(action(async (id, o) => {
            const n = jobId(id);
            await withStore(o.store, async (store) => {
                const job = name === 'retry' ? await store.retry(n) : await store.cancel(n);
                process.stdout.write(o.json ? `${JSON.stringify({ id: job.id, state: job.state })}\n` : `job ${job.id} ${job.state}\n`);
            });
        }));
    }
}
//# sourceMappingURL=inspect.js.map