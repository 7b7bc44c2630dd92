import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
/**
 * API tokens: `cbt_` + 32 random bytes (base64url). Only the sha256 of a
 * token is stored; a request's token is hashed and looked up by hash, then
 * the hashes are compared in constant time. `admin` implies every scope.
 */
export const Scopes = ['enqueue', 'read', 'admin'];
export function hashToken(token) {
    return createHash('sha256').update(token).digest('hex');
}
export function newToken() {
    const token = `cbt_${randomBytes(32).toString('base64url')}`;
    return { id: `tok_${randomBytes(6).toString('hex')}`, token, hash: hashToken(token) };
}
export function parseScopes(text) {
    const scopes = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
    const bad = scopes.filter((s) => !Scopes.includes(s));
    if (scopes.length === 0 || bad.length > 0) {
        throw new CoreboundError(ErrorCodes.INVALID_OPTION, `scopes must be a comma list of ${Scopes.join(', ')}; got "${text}"`);
    }
    return scopes;
}
export function isLoopback(host) {
    const h = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (h === 'localhost' || h === '::1')
        return true;
    if (isIP(h) === 4)
        return h.startsWith('127.');
    return /^::ffff:127\./.test(h);
}
/**
 * When auth is on: always when forced or when any unrevoked token exists in
 * the store. Once on it stays on for the life of the process, so revoking
 * the last token locks the API rather than opening it. With auth off (a
 * loopback bind with no tokens: local development) every request may do
 * everything and presented tokens are ignored.
 */
export class Authenticator {
    store;
    clock;
    on;
    cache = new Map();
    cacheMs;
    constructor(store, clock, opts = {}) {
        this.store = store;
        this.clock = clock;
        this.on = opts.force === true;
        this.cacheMs = opts.cacheMs ?? 5_000;
    }
    get required() {
        return this.on;
    }
    /** Re-checks whether tokens exist; called at start and with each stats refresh. */
    async refresh() {
        if (this.on)
            return;
        const tokens = await this.store.listTokens();
        if (tokens.some((t) => t.revokedAt === null))
            this.on = true;
    }
    /** Throws 401 (no or bad token) or 403 (token lacks the scope); resolves when allowed. */
    async authorize(header, scope) {
        if (!this.on)
            return;
        const m = /^Bearer +([A-Za-z0-9_\-.~+/]{1,512}=*) *$/i.exec(header ?? '');
        if (!m)
            throw new CoreboundError(ErrorCodes.UNAUTHORIZED, 'send Authorization: Bearer <token>');
        const hash = hashToken(m[1]);
        const token = await this.lookup(hash);
        if (!token || token.revokedAt !== null || !sameHex(token.hash, hash)) {
            throw new CoreboundError(ErrorCodes.UNAUTHORIZED, 'unknown or revoked token');
        }
        if (!token.scopes.includes(scope) && !token.scopes.includes('admin')) {
            throw new CoreboundError(ErrorCodes.FORBIDDEN, `this token lacks the "${scope}" scope`);
        }
    }
    async lookup(hash) {
        const now = this.clock.now();
        const hit = this.cache.get(hash);
        if (hit && hit.until > now)
            return hit.token;
        const token = await this.store.findToken(hash);
        // Only real tokens are cached, so random guesses cannot grow the map.
        if (token && this.cacheMs > 0) {
            if (this.cache.size >= 1_000)
                this.cache.clear();
            this.cache.set(hash, { token, until: now + this.cacheMs });
        }
        return token;
    }
}
function sameHex(a, b) {
    const x = Buffer.from(a, 'hex');
    const y = Buffer.from(b, 'hex');
    return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
/** Refuses to listen beyond loopback while anyone could use the API without a token. */
export function assertSafeBind(host, auth) {
    if (isLoopback(host) || auth.required)
        return;
    throw new CoreboundError(ErrorCodes.UNSAFE_BIND, `refusing to listen on ${host} without API tokens: anyone who can reach it could enqueue work and read ` +
        'results. Create a token first (corebound token create --name NAME --scopes enqueue,read), ' +
        'pass --auth, or listen on 127.0.0.1.');
}
//# sourceMappingURL=auth.js.map