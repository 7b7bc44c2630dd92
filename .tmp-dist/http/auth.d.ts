import type { Clock } from '../core/clock.js';
import type { Store } from '../store/store.js';
/**
 * API tokens: `cbt_` + 32 random bytes (base64url). Only the sha256 of a
 * token is stored; a request's token is hashed and looked up by hash, then
 * the hashes are compared in constant time. `admin` implies every scope.
 */
export declare const Scopes: readonly ["enqueue", "read", "admin"];
export type Scope = (typeof Scopes)[number];
export declare function hashToken(token: string): string;
export declare function newToken(): {
    id: string;
    token: string;
    hash: string;
};
export declare function parseScopes(text: string): Scope[];
export declare function isLoopback(host: string): boolean;
export interface AuthOptions {
    /** Require tokens even on loopback when none exist yet (`--auth`). */
    force?: boolean;
    /** How long a looked-up token is trusted before the store is asked again (so revocation lands within it). */
    cacheMs?: number;
}
/**
 * When auth is on: always when forced or when any unrevoked token exists in
 * the store. Once on it stays on for the life of the process, so revoking
 * the last token locks the API rather than opening it. With auth off (a
 * loopback bind with no tokens: local development) every request may do
 * everything and presented tokens are ignored.
 */
export declare class Authenticator {
    private readonly store;
    private readonly clock;
    private on;
    private cache;
    private readonly cacheMs;
    constructor(store: Store, clock: Clock, opts?: AuthOptions);
    get required(): boolean;
    /** Re-checks whether tokens exist; called at start and with each stats refresh. */
    refresh(): Promise<void>;
    /** Throws 401 (no or bad token) or 403 (token lacks the scope); resolves when allowed. */
    authorize(header: string | undefined, scope: Scope): Promise<void>;
    private lookup;
}
/** Refuses to listen beyond loopback while anyone could use the API without a token. */
export declare function assertSafeBind(host: string, auth: Authenticator): void;
