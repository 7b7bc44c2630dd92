import type { Command } from 'commander';
/**
 * `corebound start`: one process with the HTTP API, the dashboard and the
 * workers: the whole system on one machine. SIGTERM/SIGINT: /readyz turns
 * 503 at once, workers drain within --grace, then the API closes; exit 0.
 */
export declare function registerStart(program: Command): void;
