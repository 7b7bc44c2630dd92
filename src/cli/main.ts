import { Command, CommanderError } from 'commander';
import { isCoreboundError } from '../core/errors.js';
import { registerApi, registerTokens } from './commands/api.js';
import { registerCost } from './commands/cost.js';
import { registerDemo } from './commands/demo.js';
import { registerEnqueue } from './commands/enqueue.js';
import { registerExplain } from './commands/explain.js';
import { registerInspect } from './commands/inspect.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPlan } from './commands/plan.js';
import { registerQueue } from './commands/queue.js';
import { registerStart } from './commands/start.js';
import { registerWorker } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('corebound')
    .description('Durable, queue-driven compute for CPU-bound work')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      // Usage errors get the same one-line coded shape as every other error.
      outputError: (str, write) => write(`corebound: CB_INVALID_OPTION: ${str.replace(/^error: /, '')}`),
    });
  registerDemo(program);
  registerEnqueue(program);
  registerInspect(program);
  registerExplain(program);
  registerStart(program);
  registerWorker(program);
  registerApi(program);
  registerTokens(program);
  registerQueue(program);
  registerMigrate(program);
  registerCost(program);
  registerPlan(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (isCoreboundError(e)) {
      // Thrown by an option parser before any action ran.
      process.stderr.write(`corebound: ${e.code}: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof CommanderError) {
      // Usage errors exit 2; --help and --version exit 0.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    throw e;
  }
}

await main();
