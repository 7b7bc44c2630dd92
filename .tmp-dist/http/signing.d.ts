import type { Clock } from '../core/clock.js';
export declare const URL_SECRET_ENV = "COREBOUND_URL_SECRET";
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
export declare class UrlSigner {
    private readonly clock;
    private readonly ttlMs;
    private readonly secret;
    /** True when no secret was configured and a random one is used: URLs die with the process. */
    readonly ephemeral: boolean;
    constructor(secret: string | undefined, clock: Clock, ttlMs?: number);
    private mac;
    sign(path: string): string;
    /**
     * Checks the signature first (so a tampered expiry is a bad signature,
     * not an expired URL), then the expiry. Returns seconds of validity left.
     */
    verify(path: string, exp: string | undefined, sig: string | undefined): number;
}
