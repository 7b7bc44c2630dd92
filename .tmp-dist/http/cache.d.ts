import type { JobState } from '../core/job.js';
/**
 * HTTP caching policy: results are immutable (cache for a year), job status
 * is short-lived while the job can still change and longer once final, and a
 * CDN may serve either stale for a while when the origin fails.
 */
export declare const YEAR_S = 31536000;
export declare function resultCacheControl(mode: 'public' | 'private' | {
    signedFor: number;
}): string;
/**
 * Non-final states change within seconds (max-age 1); succeeded is final for
 * good; dead and cancelled can still be retried, so they sit in between.
 */
export declare function statusCacheControl(state: JobState, shared: boolean): string;
/** True when If-None-Match lists one of `tags` (or `*`); weak comparison, as RFC 9110 asks for GET. */
export declare function etagMatches(ifNoneMatch: string | undefined, tags: string[]): boolean;
export type Encoding = 'br' | 'gzip' | 'identity';
/** Picks br, then gzip, honouring q-values (q=0 refuses); identity otherwise. */
export declare function negotiateEncoding(acceptEncoding: string | undefined): Encoding;
export declare function compressible(contentType: string, size: number): boolean;
/**
 * Compressed variants of immutable results, kept by (sha, encoding) up to a
 * byte budget. A result never changes, so an entry never goes stale; the
 * zlib work runs on libuv's pool, off the event loop. Brotli quality 5: most
 * of quality 11's ratio at a small fraction of its CPU (results are up to 4 MiB).
 */
export declare class CompressedCache {
    private readonly budgetBytes;
    private entries;
    private pending;
    private bytes;
    constructor(budgetBytes?: number);
    get(sha: string, encoding: Exclude<Encoding, 'identity'>, body: Buffer): Promise<Buffer | null>;
    private compress;
}
