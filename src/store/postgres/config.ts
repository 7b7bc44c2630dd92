import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { parseDuration } from '../../core/duration.js';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { StoreOptions } from '../store.js';

/**
 * Options of the PostgreSQL store. Each can also be given in the URL's query
 * string (`?schema=jobs&pool=20&listen=off&prepare=off&poll=2s&query_timeout=30s`); an explicit
 * option wins over the URL. Our own parameters are removed from the URL before
 * it reaches `pg`, so they are never sent to the server as startup parameters.
 */
export interface PostgresStoreOptions extends StoreOptions {
  /** Schema holding corebound's tables; created when missing. Default `corebound`. */
  schema?: string;
  /** Upper bound of pooled connections (the LISTEN and leader connections are extra). Default 10. */
  poolMax?: number;
  /**
   * LISTEN/NOTIFY wake-ups. Turn off behind PgBouncer in transaction mode,
   * where a LISTEN on a pooled server connection silently receives nothing:
   * nodes then poll every `pollMs`.
   */
  listen?: boolean;
  /**
   * Named (server-side prepared) statements. Turn off behind PgBouncer in
   * transaction mode older than 1.21 (or without max_prepared_statements).
   */
  prepare?: boolean;
  /** Wake-up poll while LISTEN is off or down (default 500 ms): the idle pickup latency then. */
  pollMs?: number;
  /** Safety-net poll while LISTEN works (default 5 s); notifications are the hot path. */
  safetyPollMs?: number;
  /** Milliseconds to wait for a new connection before reporting CB_STORE_UNAVAILABLE. */
  connectTimeoutMs?: number;
  /**
   * How long the store waits for the answer to one of its statements before
   * dropping the connection and reporting CB_STORE_UNAVAILABLE (default 30 s;
   * 0: forever). A server that vanished without a reset (failover, lost NAT
   * state) otherwise holds a call until TCP gives up, minutes later. Heartbeats
   * wait at most a third of their lease. Migrations and a caller's own client
   * are not bounded.
   */
  queryTimeoutMs?: number;
  /**
   * A direct (or session-pooled) URL to the same database for the two session
   * advisory locks: leader election and migrations (which run on it whole).
   * Set it when the store URL goes through PgBouncer in transaction mode,
   * where a session lock is left on whichever server connection took it.
   * In the store URL: `?lock_url=` percent-encoded. Default: the store URL.
   */
  lockUrl?: string;
}

export interface ResolvedPgConfig {
  connectionString: string;
  schema: string;
  poolMax: number;
  listen: boolean;
  prepare: boolean;
  pollMs: number;
  safetyPollMs: number;
  connectTimeoutMs: number;
  /** 0: no bound. */
  queryTimeoutMs: number;
  /** Where the leader and migration locks are taken (lockUrl, else connectionString). */
  lockConnectionString: string;
  /** Null when the database's own clock is used (the default system clock). */
  clock: Clock | null;
}

const OUR_PARAMS = ['schema', 'pool', 'listen', 'prepare', 'poll', 'query_timeout', 'lock_url'];
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function resolvePgConfig(url: string, opts: PostgresStoreOptions = {}): ResolvedPgConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CoreboundError(ErrorCodes.STORE_URL, 'invalid PostgreSQL URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new CoreboundError(ErrorCodes.STORE_URL, `not a PostgreSQL URL (${parsed.protocol})`);
  }
  const q = parsed.searchParams;
  const schema = opts.schema ?? q.get('schema') ?? 'corebound';
  if (!IDENT.test(schema)) {
    throw new CoreboundError(ErrorCodes.STORE_URL, `schema "${schema}" must match ${IDENT.source}`);
  }
  const poolMax = opts.poolMax ?? (q.has('pool') ? Number(q.get('pool')) : 10);
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 1000) {
    throw new CoreboundError(ErrorCodes.STORE_URL, 'pool must be an integer between 1 and 1000');
  }
  const pollMs = opts.pollMs ?? urlDuration(q, 'poll');
  const listen = opts.listen ?? flag(q.get('listen'), 'listen', true);
  const prepare = opts.prepare ?? flag(q.get('prepare'), 'prepare', true);
  const queryTimeoutMs = opts.queryTimeoutMs ?? urlDuration(q, 'query_timeout') ?? 30_000;
  if (!Number.isInteger(queryTimeoutMs) || queryTimeoutMs < 0 || queryTimeoutMs > 2 ** 31 - 1) {
    throw new CoreboundError(ErrorCodes.STORE_URL, 'query_timeout must be 0 (no bound) or a duration up to 24 days');
  }
  const lockUrl = opts.lockUrl ?? q.get('lock_url') ?? undefined;
  for (const p of OUR_PARAMS) q.delete(p);
  const connectionString = parsed.toString();
  let lockConnectionString = connectionString;
  if (lockUrl !== undefined) {
    const lock = resolvePgConfig(lockUrl, { schema });
    if (lock.lockConnectionString !== lock.connectionString) {
      throw new CoreboundError(ErrorCodes.STORE_URL, 'lock_url must not have a lock_url of its own');
    }
    lockConnectionString = lock.connectionString;
  }
  // Clock choice: an injected clock (tests) is passed into SQL as `now`, so
  // tests control time. With the default system clock we pass null and SQL
  // uses the database's statement_timestamp(): every node then reads one clock,
  // so clock skew between machines cannot expire a healthy lease early.
  const clock = opts.clock && opts.clock !== systemClock ? opts.clock : null;
  return {
    connectionString,
    lockConnectionString,
    schema,
    poolMax,
    listen,
    prepare,
    pollMs: pollMs ?? 500,
    safetyPollMs: opts.safetyPollMs ?? 5_000,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    queryTimeoutMs,
    clock,
  };
}

/** A duration parameter of the store URL, or undefined; a bad one is a bad URL. */
function urlDuration(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  try {
    return parseDuration(v, name);
  } catch (e) {
    throw new CoreboundError(ErrorCodes.STORE_URL, (e as Error).message);
  }
}

function flag(v: string | null, name: string, dflt: boolean): boolean {
  if (v === null) return dflt;
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new CoreboundError(ErrorCodes.STORE_URL, `${name} must be on or off`);
}
