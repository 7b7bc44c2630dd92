import type { Command } from 'commander';
/**
 * `corebound migrate` applies pending migrations (safe to run from several
 * nodes at once: PostgreSQL serializes them under an advisory lock, SQLite
 * under its write lock). `--check` changes nothing and exits non-zero
 * (CB_MIGRATION_PENDING) when migrations are pending, for deploy pipelines
 * that migrate in a separate step.
 */
export declare function registerMigrate(program: Command): void;
