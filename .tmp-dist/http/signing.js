import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CoreboundError, ErrorCodes } from '../core/errors.js';
export const URL_SECRET_ENV = 'COREBOUND_URL_SECRET';
/**
 * Signed, expiring URLs for results of queues that are not public:
 * `PATH?exp=<unix seconds>&sig=<base64url HMAC-SHA256(secret, PATH "\n" exp)>`.
 * The URL itself is the credential, so a CDN can cache the response keyed
 * on it without ever seeing an API token.
 *
 * Expiries are rounded up to a bucket (an hour for a day-long TTL) so that
 * every status poll within the bucket hands out the same URL and the CDN
 * keeps hitting one cache entry.
 */
export class UrlSigner {
    clock;
    ttlMs;
    secret;
    /** True when no secret was configured and a random one is used: URLs die with the process. */
    ephemeral;
    constructor(secret, clock, ttlMs = 24 * 3_600_000) {
        this.clock = clock;
        this.ttlMs = ttlMs;
        if (secret !== undefined && secret.length < 16) {
            throw new CoreboundError(ErrorCodes.INVALID_OPTION, `the URL signing secret must be at least 16 characters (${URL_SECRET_ENV})`);
        }
        this.ephemeral = secret === undefined;
        this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret);
    }
    mac(path, exp) {
        return createHmac('sha256', this.secret).update(`${path}\n${exp}`).digest();
    }
    sign(path) {
        const bucket = Math.max(1, Math.min(3600, Math.floor(this.ttlMs / 10_000)));
        const exp = Math.ceil((this.clock.now() + this.ttlMs) / 1000 / bucket) * bucket;
        return `${path}?exp=${exp}&sig=${this.mac(path, String(exp)).toString('base64url')}`;
    }
    /**
     * Checks the signature first (so a tampered expiry is a bad signature,
     * not an expired URL), then the expiry. Returns seconds of validity left.
     */
    verify(path, exp, sig) {
        if (!exp || !sig || !/^[0-9]{1,15}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) {
            throw new CoreboundError(ErrorCodes.BAD_SIGNATURE, 'malformed signed URL: need exp and sig');
        }
        const want = this.mac(path, exp);
        const got = Buffer.from(sig, 'base64url');
        if (got.length !== want.length || !timingSafeEqual(got, want)) {
            throw new CoreboundError(ErrorCodes.BAD_SIGNATURE, 'bad signature');
        }
        const left = Number(exp) - Math.floor(this.clock.now() / 1000);
        if (left <= 0)
            throw new CoreboundError(ErrorCodes.URL_EXPIRED, 'this signed URL has expired; fetch the job again for a fresh one');
        return left;
    }
}
//# sourceMappingURL=signing.js.map