import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
/**
 * HTTP caching policy: results are immutable (cache for a year), job status
 * is short-lived while the job can still change and longer once final, and a
 * CDN may serve either stale for a while when the origin fails.
 */
export const YEAR_S = 31_536_000;
export function resultCacheControl(mode) {
    if (mode === 'public')
        return `public, max-age=${YEAR_S}, immutable`;
    if (mode === 'private')
        return `private, max-age=${YEAR_S}, immutable`;
    // A signed URL is the credential; caching must end when it expires.
    return `public, max-age=${Math.min(mode.signedFor, YEAR_S)}, immutable`;
}
/**
 * Non-final states change within seconds (max-age 1); succeeded is final for
 * good; dead and cancelled can still be retried, so they sit in between.
 */
export function statusCacheControl(state, shared) {
    const scope = shared ? 'public' : 'private';
    if (state === 'succeeded')
        return `${scope}, max-age=300, stale-while-revalidate=60, stale-if-error=86400`;
    if (state === 'dead' || state === 'cancelled')
        return `${scope}, max-age=10, stale-while-revalidate=30, stale-if-error=3600`;
    return `${scope}, max-age=1, stale-while-revalidate=2, stale-if-error=600`;
}
/** True when If-None-Match lists one of `tags` (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch, tags) {
    if (!ifNoneMatch)
        return false;
    const strip = (t) => t.trim().replace(/^W\//, '');
    const want = new Set(tags.map(strip));
    return ifNoneMatch.split(',').some((t) => {
        const s = strip(t);
        return s === '*' || want.has(s);
    });
}
/** Picks br, then gzip, honouring q-values (q=0 refuses); identity otherwise. */
export function negotiateEncoding(acceptEncoding) {
    if (!acceptEncoding)
        return 'identity';
    const q = new Map();
    for (const part of acceptEncoding.slice(0, 256).split(',')) {
        const [name, ...params] = part.trim().toLowerCase().split(';');
        const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const v = qp ? Number(qp.slice(2)) : 1;
        if (name)
            q.set(name, Number.isFinite(v) ? v : 0);
    }
    const of = (n) => q.get(n) ?? q.get('*') ?? 0;
    const br = of('br');
    const gz = of('gzip');
    if (br > 0 && br >= gz)
        return 'br';
    if (gz > 0)
        return 'gzip';
    return 'identity';
}
const COMPRESSIBLE = /^(text\/|application\/(json|[a-z0-9.+-]*\+json|xml|[a-z0-9.+-]*\+xml|javascript|x-ndjson|csv)|image\/svg\+xml)/i;
const MIN_COMPRESS_BYTES = 1024;
export function compressible(contentType, size) {
    return size >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(contentType);
}
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
/**
 * Compressed variants of immutable results, kept by (sha, encoding) up to a
 * byte budget. A result never changes, so an entry never goes stale; the
 * zlib work runs on libuv's pool, off the event loop. Brotli quality 5: most
 * of quality 11's ratio at a small fraction of its CPU (results are up to 4 MiB).
 */
export class CompressedCache {
    budgetBytes;
    entries = new Map();
    pending = new Map();
    bytes = 0;
    constructor(budgetBytes = 32 * 1024 * 1024) {
        this.budgetBytes = budgetBytes;
    }
    get(sha, encoding, body) {
        const key = `${sha}:${encoding}`;
        const hit = this.entries.get(key);
        if (hit !== undefined) {
            this.entries.delete(key);
            this.entries.set(key, hit);
            return Promise.resolve(hit);
        }
        // One compression per variant however many requests miss at once.
        let p = this.pending.get(key);
        if (!p) {
            p = this.compress(key, encoding, body).finally(() => this.pending.delete(key));
            this.pending.set(key, p);
        }
        return p;
    }
    async compress(key, encoding, body) {
        const out = encoding === 'br'
            ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
            : await gz(body, { level: 6 });
        // Not worth a Content-Encoding when it saves under 5% (remembered, so not retried).
        const kept = out.length > body.length * 0.95 ? null : out;
        if (this.entries.size >= 100_000) {
            this.entries.clear();
            this.bytes = 0;
        }
        if ((kept?.length ?? 0) <= this.budgetBytes) {
            this.entries.set(key, kept);
            this.bytes += kept?.length ?? 0;
            for (const [k, v] of this.entries) {
                if (this.bytes <= this.budgetBytes)
                    break;
                this.entries.delete(k);
                this.bytes -= v?.length ?? 0;
            }
        }
        return kept;
    }
}
//# sourceMappingURL=cache.js.map