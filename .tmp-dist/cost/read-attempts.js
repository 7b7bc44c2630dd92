/**
 * All finished attempts in [since, until], paging through the store's
 * bounded finishedAttempts(). Pages restart at the last page's endedAt and
 * skip rows already seen, so ties on endedAt across a page edge are neither
 * lost nor counted twice. Stops at `max` rows and says so (`truncated`).
 */
export async function readFinishedAttempts(store, opts) {
    const pageSize = opts.pageSize ?? 50_000;
    const max = opts.max ?? 2_000_000;
    const out = [];
    let since = opts.since;
    let edge = new Set();
    for (;;) {
        const page = await store.finishedAttempts({ since, task: opts.task, limit: pageSize });
        let fresh = 0;
        const nextEdge = new Set();
        const last = page.length > 0 ? page[page.length - 1].endedAt : since;
        for (const a of page) {
            const key = `${a.jobId}:${a.attempt}`;
            if (a.endedAt === last)
                nextEdge.add(key);
            if (a.endedAt === since && edge.has(key))
                continue;
            fresh++;
            if (a.endedAt > opts.until)
                return { attempts: out, truncated: false };
            out.push(a);
            if (out.length >= max)
                return { attempts: out, truncated: true };
        }
        if (page.length < pageSize)
            return { attempts: out, truncated: false };
        // A full page of rows all ending in the same millisecond we have already seen: cannot advance.
        if (fresh === 0)
            return { attempts: out, truncated: true };
        edge = last === since ? new Set([...edge, ...nextEdge]) : nextEdge;
        since = last;
    }
}
//# sourceMappingURL=read-attempts.js.map