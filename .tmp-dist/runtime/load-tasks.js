import { readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
import { importFile, toDefinition } from './task-module.js';
const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);
/**
 * Loads every task module in `dir` (not recursive). Files starting with `_`
 * or `.`, declaration files and tests are skipped, so helpers can live next
 * to tasks. Two modules declaring one name is an error: the node could not
 * tell which code a job means.
 */
export async function loadTasks(dir) {
    const root = resolve(dir);
    let names;
    try {
        names = await readdir(root);
    }
    catch (e) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `cannot read tasks directory ${root}: ${e.message}`);
    }
    const catalog = new Map();
    for (const name of names.sort()) {
        if (!isTaskFile(name))
            continue;
        const file = join(root, name);
        const def = toDefinition(await importFile(file), file);
        const prev = catalog.get(def.name);
        if (prev) {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `duplicate task name "${def.name}" in ${prev.file} and ${file}; task names must be unique`);
        }
        catalog.set(def.name, { ...def, file });
    }
    return catalog;
}
function isTaskFile(name) {
    if (name.startsWith('_') || name.startsWith('.'))
        return false;
    if (/\.d\.[mc]?ts$/.test(name) || /\.(test|spec)\.[mc]?[jt]s$/.test(name))
        return false;
    return EXTENSIONS.has(extname(name));
}
//# sourceMappingURL=load-tasks.js.map