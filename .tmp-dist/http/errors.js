import { CoreboundError, ErrorCodes, isCoreboundError } from '../core/errors.js';
import { zodIssues } from '../core/validate.js';
/** HTTP status per stable code; anything not listed is a 500. */
const STATUS = {
    [ErrorCodes.INVALID_JSON]: 400,
    [ErrorCodes.INVALID_OPTION]: 400,
    [ErrorCodes.INVALID_INPUT]: 422,
    [ErrorCodes.PAYLOAD_TOO_LARGE]: 413,
    [ErrorCodes.UNKNOWN_TASK]: 404,
    [ErrorCodes.NOT_FOUND]: 404,
    [ErrorCodes.INVALID_STATE]: 409,
    [ErrorCodes.QUEUE_FULL]: 429,
    [ErrorCodes.STORE_UNAVAILABLE]: 503,
    [ErrorCodes.STORE_LOCKED]: 503,
    [ErrorCodes.MIGRATION_PENDING]: 503,
    [ErrorCodes.UNAUTHORIZED]: 401,
    [ErrorCodes.FORBIDDEN]: 403,
    [ErrorCodes.BAD_SIGNATURE]: 403,
    [ErrorCodes.URL_EXPIRED]: 403,
};
export function statusFor(code) {
    return STATUS[code] ?? 500;
}
/** At most this many issues are echoed back; a 10,000-job batch can fail everywhere. */
const MAX_ISSUES = 50;
export function invalid(error, message, prefix = '') {
    const join = (path) => (path === '(root)' ? prefix || path : prefix ? `${prefix}.${path}` : path);
    const issues = zodIssues(error).map((i) => ({ path: join(i.path), message: i.message }));
    const shown = issues.slice(0, MAX_ISSUES);
    return new CoreboundError(ErrorCodes.INVALID_INPUT, `${message}: ${shown.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')}${issues.length > 5 ? '; …' : ''}`, { issues: shown, ...(issues.length > MAX_ISSUES ? { more: issues.length - MAX_ISSUES } : {}) });
}
/** Turns fastify's own errors (body parsing, bad URLs, limits) into coded ones. */
function fromFramework(err) {
    switch (err.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, 'request body is over the size limit');
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
            return new CoreboundError(ErrorCodes.INVALID_JSON, 'send the body as Content-Type: application/json');
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
            return new CoreboundError(ErrorCodes.INVALID_JSON, err.message ?? 'invalid body');
        case 'FST_ERR_BAD_URL':
        case 'FST_ERR_MAX_PARAM_LENGTH':
        case 'FST_ERR_ASYNC_CONSTRAINT':
            return new CoreboundError(ErrorCodes.NOT_FOUND, 'no such resource');
    }
    const s = err.statusCode;
    if (typeof s === 'number' && s >= 400 && s < 500) {
        if (s === 404)
            return new CoreboundError(ErrorCodes.NOT_FOUND, 'no such resource');
        if (s === 413)
            return new CoreboundError(ErrorCodes.PAYLOAD_TOO_LARGE, 'request body is over the size limit');
        return new CoreboundError(ErrorCodes.INVALID_OPTION, err.message ?? 'bad request');
    }
    return null;
}
const EXTRA_STATUS = { FST_ERR_CTP_INVALID_MEDIA_TYPE: 415 };
export function sendError(reply, e) {
    const fw = isCoreboundError(e) ? null : fromFramework(e);
    const err = isCoreboundError(e) ? e : (fw ?? new CoreboundError(ErrorCodes.INTERNAL, 'internal error'));
    const status = (fw && EXTRA_STATUS[e.code ?? '']) || statusFor(err.code);
    if (status >= 500 && err.code === ErrorCodes.INTERNAL)
        reply.log.error({ err: e }, 'request failed');
    if (status === 401)
        reply.header('www-authenticate', 'Bearer realm="corebound"');
    if (status === 429) {
        const after = err.details?.retryAfter;
        reply.header('retry-after', String(after ?? 1));
    }
    if (status === 503 && !reply.hasHeader('retry-after'))
        reply.header('retry-after', '1');
    // Errors are never cached: a CDN must not pin a transient 404, 429 or 503.
    reply.header('cache-control', 'no-store');
    return reply.code(status).send({ error: err.toJSON() });
}
/** Parses with a zod schema; failures become 422 (bodies) or 400 (query strings) with paths. */
export function parseWith(schema, value, what) {
    const r = schema.safeParse(value);
    if (r.success)
        return r.data;
    const e = invalid(r.error, what === 'body' ? 'invalid request body' : 'invalid query string');
    if (what === 'body')
        throw e;
    throw new CoreboundError(ErrorCodes.INVALID_OPTION, e.message, e.details);
}
export function errorHandler(e, _req, reply) {
    return sendError(reply, e);
}
//# sourceMappingURL=errors.js.map