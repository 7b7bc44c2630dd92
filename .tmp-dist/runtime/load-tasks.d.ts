import type { TaskCatalog } from '../core/task.js';
/**
 * Loads every task module in `dir` (not recursive). Files starting with `_`
 * or `.`, declaration files and tests are skipped, so helpers can live next
 * to tasks. Two modules declaring one name is an error: the node could not
 * tell which code a job means.
 */
export declare function loadTasks(dir: string): Promise<TaskCatalog>;
