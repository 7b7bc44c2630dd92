/** PostgreSQL text cannot hold NUL; task errors and messages sometimes do. */
export function clean(text, max) {
    if (text === undefined || text === null)
        return null;
    const t = text.length > max ? text.slice(0, max) : text;
    return t.includes('\0') ? t.replaceAll('\0', '') : t;
}
//# sourceMappingURL=context.js.map