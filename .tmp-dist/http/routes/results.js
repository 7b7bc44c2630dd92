import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { compressible, etagMatches, negotiateEncoding, resultCacheControl } from '../cache.js';
import { resultPath } from '../context.js';
/**
 * GET /v1/results/{sha256}: immutable, content-addressed bytes.
 * Access, in order: a signed URL (`exp` and `sig`, checked even when auth
 * is off, so tampering is always refused); a result of a public queue (no
 * token); otherwise a token with the `read` scope.
 *
 * Encoded variants carry their own strong ETags ("<sha>.br", "<sha>.gz"), as
 * RFC 9110 asks, and any of the three revalidates: they all stand for the
 * same immutable content.
 */
export function resultRoutes(app, ctx) {
    app.get('/v1/results/:sha', async (req, reply) => {
        const sha = req.params.sha;
        if (!/^[0-9a-f]{64}$/.test(sha))
            throw new CoreboundError(ErrorCodes.NOT_FOUND, 'no such result');
        const { exp, sig } = req.query;
        let cacheControl;
        if (exp !== undefined || sig !== undefined) {
            const left = ctx.signer.verify(resultPath(sha), typeof exp === 'string' ? exp : undefined, typeof sig === 'string' ? sig : undefined);
            cacheControl = resultCacheControl({ signedFor: left });
        }
        else if (await isPublic(ctx, sha)) {
            cacheControl = resultCacheControl('public');
        }
        else {
            await ctx.auth.authorize(req.headers.authorization, 'read');
            cacheControl = resultCacheControl('private');
        }
        reply.header('cache-control', cacheControl).header('vary', 'Accept-Encoding');
        const tags = [`"${sha}"`, `"${sha}.br"`, `"${sha}.gz"`];
        if (etagMatches(req.headers['if-none-match'], tags)) {
            return reply.code(304).header('etag', `"${sha}"`).send();
        }
        const result = await ctx.store.getResult(sha);
        if (!result)
            throw new CoreboundError(ErrorCodes.NOT_FOUND, `result ${sha} not found`);
        let body = result.bytes;
        let etag = `"${sha}"`;
        const enc = negotiateEncoding(req.headers['accept-encoding']);
        if (enc !== 'identity' && compressible(result.contentType, body.length)) {
            const packed = await ctx.compressed.get(sha, enc, body);
            if (packed) {
                body = packed;
                etag = `"${sha}.${enc === 'br' ? 'br' : 'gz'}"`;
                reply.header('content-encoding', enc);
            }
        }
        return reply
            .header('etag', etag)
            .header('content-type', /^[\x20-\x7e]{1,200}$/.test(result.contentType) ? result.contentType : 'application/octet-stream')
            .header('content-length', body.length)
            .header('last-modified', new Date(result.createdAt).toUTCString())
            .header('x-content-type-options', 'nosniff')
            // Results are task output, not pages: never let one run script in a browser.
            .header('content-security-policy', "default-src 'none'; sandbox")
            .send(body);
    });
}
async function isPublic(ctx, sha) {
    const open = ctx.monitor.publicQueues();
    if (open.size === 0 || typeof ctx.store.resultQueues !== 'function')
        return false;
    const queues = await ctx.store.resultQueues(sha);
    return queues.some((q) => open.has(q));
}
//# sourceMappingURL=results.js.map