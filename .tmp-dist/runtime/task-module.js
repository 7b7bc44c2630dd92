import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
/** Turns a module's default export into a task: a defineTask() value, or a plain function named after its file. */
export function toDefinition(mod, file) {
    const exp = mod.default;
    if (typeof exp === 'function') {
        return { name: basename(file, extname(file)), run: exp };
    }
    if (exp && typeof exp === 'object' && typeof exp.name === 'string') {
        if (typeof exp.run === 'function')
            return exp;
    }
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, `${file}: the default export must be defineTask({ name, run }) or an async function`);
}
/**
 * Imports a module by path. A compiled (plain node) process cannot import
 * .ts files on Node 20; for those we fall back to tsx's scoped tsImport,
 * which compiles on the fly without registering a global loader.
 */
export async function importFile(file) {
    const url = pathToFileURL(file).href;
    try {
        return await import(url);
    }
    catch (e) {
        if (!/\.[mc]?ts$/.test(file) || e.code !== 'ERR_UNKNOWN_FILE_EXTENSION')
            throw e;
        const { tsImport } = await import('tsx/esm/api');
        return tsImport(url, import.meta.url);
    }
}
export const isTypeScriptFile = (file) => /\.[mc]?ts$/.test(file);
//# sourceMappingURL=task-module.js.map