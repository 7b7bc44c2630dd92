import type { Leader } from './leader.js';
export interface PgLeaderOptions {
    /** Lock namespace; defaults to the URL's `?schema=` (or `corebound`): one leader per schema. */
    schema?: string;
    /** How often a follower tries to take the lock and a leader checks it still holds it. Default 2 s. */
    retryMs?: number;
    /** application_name of the leader's connection (visible in pg_stat_activity). */
    applicationName?: string;
    onChange?: (leader: boolean) => void;
    log?: (msg: string) => void;
}
/**
 * Maintenance leader election on PostgreSQL: the leader is whoever holds a
 * session advisory lock (pg_try_advisory_lock) on its own dedicated
 * connection, not one from the pool. No table, no lease row to expire.
 *
 * - Leadership ends with the session: if the leader process dies or its
 *   backend is killed, PostgreSQL releases the lock and a follower takes it
 *   at its next try, within `retryMs`.
 * - A leader loses leadership the moment its connection reports an error, and
 *   re-checks it every `retryMs` with a bounded query; a leader cut off by the
 *   network therefore steps down within about 2 × retryMs. The server side
 *   closes such a session through idle_session_timeout / TCP keepalives set
 *   below, so the lock does not stay with a vanished machine.
 * - Two leaders can overlap briefly (the old one has not noticed yet); that is
 *   safe because every maintenance step is fenced in the store (rescue
 *   re-checks lease tokens, promote and prune use SKIP LOCKED).
 * - Needs a direct (session) connection: behind PgBouncer in transaction mode
 *   session advisory locks do not work; point the node's leader at the server.
 */
export declare class PgLeader implements Leader {
    private readonly opts;
    private client;
    private leader;
    private timer;
    private running;
    private ticking;
    private readonly connectionString;
    private readonly schema;
    private readonly retryMs;
    constructor(url: string, opts?: PgLeaderOptions);
    /** A leader for the store's database and schema (its own connection, not the store's pool). */
    static forStore(store: {
        config: {
            connectionString: string;
            schema: string;
        };
    }, opts?: Omit<PgLeaderOptions, 'schema'>): PgLeader;
    isLeader(): boolean;
    /** Starts campaigning; resolves after the first attempt (leader or not). */
    start(): Promise<void>;
    /** Steps down (unlocking, so a follower takes over at once) and closes the connection. */
    stop(): Promise<void>;
    private tick;
    private attempt;
    private connect;
    /** The connection is gone or unusable: so is the lock. */
    private drop;
    private setLeader;
}
