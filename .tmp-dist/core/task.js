export function defineTask(def) {
    if (!def || typeof def.name !== 'string' || typeof def.run !== 'function') {
        throw new TypeError('defineTask needs { name: string, run(input, ctx) }');
    }
    return def;
}
//# sourceMappingURL=task.js.map