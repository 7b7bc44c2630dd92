import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Client } from '../../client/client.js';
import { applyTask } from '../../client/task-spec.js';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { Defaults } from '../../core/limits.js';
import type { EnqueueSpec } from '../../core/spec.js';
import type { TaskCatalog } from '../../core/task.js';
import { parseJsonInput, prepareSpec } from '../../core/validate.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { durationFlag, intOption } from '../options.js';

const BATCH = 1000;

interface Opts {
  input?: string;
  inputFile?: string;
  key?: string;
  delay?: string;
  priority?: number;
  attempts?: number;
  timeout?: string;
  queue?: string;
  tasks?: string;
  json?: boolean;
  store?: string;
}

export function registerEnqueue(program: Command): void {
  addStoreOption(
    program
      .command('enqueue <task>')
      .description('enqueue one job (--input) or many (--input-file NDJSON, - for stdin)')
      .option('--input <json>', 'job input as JSON')
      .option('--input-file <path>', 'NDJSON file, one input per line; - reads stdin')
      .option('--key <key>', 'idempotency key: enqueueing the same key again returns the existing job')
      .option('--delay <duration>', 'run no sooner than this from now, e.g. 30s')
      .option('--priority <n>', 'lower runs first', intOption('priority', Defaults.minPriority, Defaults.maxPriority))
      .option('--attempts <n>', 'max attempts that may end in an error', intOption('attempts', 1, Defaults.maxAttemptsCap))
      .option('--timeout <duration>', 'hard timeout per attempt, e.g. 10s')
      .option('--queue <name>', 'queue (default: the task name)')
      .option('--tasks <dir>', 'validate against the task definitions in this directory')
      .option('--json', 'print machine-readable output'),
  ).action(
    action(async (task: string, o: Opts) => {
      if (o.input !== undefined && o.inputFile !== undefined) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, 'give --input or --input-file, not both');
      }
      if (o.inputFile !== undefined && o.key !== undefined) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, '--key applies to one job; put keys in the file instead');
      }
      const base: Omit<EnqueueSpec, 'input'> = {
        task,
        ...(o.queue ? { queue: o.queue } : {}),
        ...(o.key ? { key: o.key } : {}),
        ...(o.delay ? { delayMs: durationFlag(o.delay, '--delay', 365 * 86_400_000) } : {}),
        ...(o.priority !== undefined ? { priority: o.priority } : {}),
        ...(o.attempts !== undefined ? { maxAttempts: o.attempts } : {}),
        ...(o.timeout ? { timeoutMs: durationFlag(o.timeout, '--timeout', Defaults.maxTimeoutMs) } : {}),
      };
      const catalog = o.tasks ? await loadCatalog(o.tasks) : undefined;
      if (o.inputFile !== undefined) {
        const specs = await readNdjson(o.inputFile, base, catalog);
        const client = await Client.open(resolveStoreUrl(o.store), { tasks: catalog });
        try {
          let n = 0;
          for (let i = 0; i < specs.length; i += BATCH) {
            n += (await client.enqueueMany(specs.slice(i, i + BATCH))).filter((r) => r.created).length;
          }
          process.stdout.write(o.json ? `${JSON.stringify({ enqueued: n, lines: specs.length })}\n` : `enqueued ${n} jobs\n`);
        } finally {
          await client.close();
        }
        return;
      }
      const input = o.input === undefined ? null : parseJsonInput(o.input, '--input');
      const spec = { ...base, input };
      prepareSpec(spec); // refuse bad input before touching the store
      const client = await Client.open(resolveStoreUrl(o.store), { tasks: catalog });
      try {
        const { job, created } = await client.enqueue(task, input, base);
        process.stdout.write(o.json ? `${JSON.stringify({ id: job.id, state: job.state, created })}\n` : `${job.id}\n`);
      } finally {
        await client.close();
      }
    }),
  );
}

/**
 * Reads and validates every line (against its task's schema too, with
 * --tasks) before anything is stored, so a bad line (reported with its
 * number) leaves the store untouched: the jobs go in batches of BATCH.
 */
async function readNdjson(path: string, base: Omit<EnqueueSpec, 'input'>, catalog?: TaskCatalog): Promise<EnqueueSpec[]> {
  const stream = path === '-' ? process.stdin : createReadStream(path);
  const specs: EnqueueSpec[] = [];
  let line = 0;
  try {
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      try {
        const spec = applyTask({ ...base, input: parseJsonInput(text, `line ${line}`) }, catalog);
        prepareSpec(spec);
        specs.push(spec);
      } catch (e) {
        if (e instanceof CoreboundError) throw new CoreboundError(e.code, `line ${line}: ${e.message}`, e.details);
        throw e;
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CoreboundError(ErrorCodes.INVALID_OPTION, `--input-file ${path}: no such file`);
    }
    throw e;
  }
  return specs;
}

async function loadCatalog(dir: string): Promise<TaskCatalog> {
  const { loadTasks } = await import('../../runtime/load-tasks.js');
  return loadTasks(dir);
}
