import type { TaskDefinition } from '../core/task.js';
/** Turns a module's default export into a task: a defineTask() value, or a plain function named after its file. */
export declare function toDefinition(mod: Record<string, unknown>, file: string): TaskDefinition;
/**
 * Imports a module by path. A compiled (plain node) process cannot import
 * .ts files on Node 20; for those we fall back to tsx's scoped tsImport,
 * which compiles on the fly without registering a global loader.
 */
export declare function importFile(file: string): Promise<Record<string, unknown>>;
export declare const isTypeScriptFile: (file: string) => boolean;
