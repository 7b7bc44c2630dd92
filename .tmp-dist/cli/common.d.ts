import type { Command } from 'commander';
/**
 * Conventions every command follows (a contract for scripts):
 * exit 0 on success; on error one line `corebound: CB_CODE: message` on stderr
 * and a non-zero exit (2 for bad input/usage, 3 for not found or bad state, 1 otherwise).
 */
export declare const DEFAULT_STORE = "sqlite:./corebound.db";
export declare function resolveStoreUrl(flag?: string): string;
export declare function addStoreOption(cmd: Command): Command;
export declare function exitCodeFor(e: unknown): number;
/** Wraps a command action: coded one-line errors, exit codes. */
export declare function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void>;
