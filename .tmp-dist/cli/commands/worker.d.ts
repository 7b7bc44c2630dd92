import type { Command } from 'commander';
/**
 * `corebound worker`: runs a node until SIGTERM/SIGINT. The first signal
 * drains (stop claiming, let running jobs finish within --grace, release the
 * rest) and exits 0; a second signal exits at once with 130.
 */
export declare function registerWorker(program: Command): void;
