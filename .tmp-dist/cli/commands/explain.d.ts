import type { Command } from 'commander';
/** `corebound explain ID`: what a job did, why it is where it is, and what happens next. */
export declare function registerExplain(program: Command): void;
