import pg from 'pg';
import { CoreboundError, ErrorCodes, isCoreboundError } from '../../core/errors.js';
import { withArrayLiterals } from './array-literal.js';
import type { ResolvedPgConfig } from './config.js';

/** One named SQL statement; `name` makes pg prepare it once per connection. */
export interface Stmt {
  name: string;
  text: string;
  /** Planned with its actual parameters at every execution (sent unnamed); see sql/claim.ts. */
  customPlan?: boolean;
}

export type Queryable = Pick<pg.ClientBase, 'query'>;
type Row = Record<string, unknown>;

// json/jsonb come back as text for rows.ts to parse, as from SQLite. pg's own
// parser would turn a JSON string input ("abc") into abc, which rows.ts would
// then try to parse again. Set per query, so a caller's client is covered too.
const JSON_OIDS = new Set([114, 3802]);
const rawJsonTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    JSON_OIDS.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// SQLSTATEs that mean "the server or the connection went away", not "your SQL is wrong":
// class 08 (connection exception), admin/crash shutdown (pg_terminate_backend, restart),
// cannot_connect_now (starting up or shutting down), too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Connection ended|Query read timeout/i;

export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)) return true;
  return typeof err.message === 'string' && UNAVAILABLE_MESSAGE.test(err.message);
}

/**
 * Connection-level failures become CB_STORE_UNAVAILABLE (retry later); a
 * missing table means the schema was never migrated; text PostgreSQL cannot
 * store (a NUL character) is bad input. Anything else is rethrown as is.
 */
export function mapPgError(e: unknown): unknown {
  if (e instanceof CoreboundError) return e;
  const msg = (e as Error)?.message || String((e as { code?: string })?.code ?? e);
  if (isConnectionError(e)) {
    // `timedOut`: the server may be slow rather than gone, and the statement may still run (see ResultWriter).
    const timedOut = /Query read timeout/.test(msg);
    return new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, `PostgreSQL unavailable: ${msg}`, timedOut ? { timedOut } : undefined);
  }
  const code = (e as { code?: string })?.code;
  if (code === '42P01' || code === '3F000') {
    return new CoreboundError(ErrorCodes.MIGRATION_PENDING, `${msg}; run \`corebound migrate\` first`);
  }
  if (code === '22021' || code === '22P05') {
    return new CoreboundError(ErrorCodes.INVALID_INPUT, `text PostgreSQL cannot store: ${msg}`);
  }
  return e;
}

/**
 * The bounded pool plus the only two ways the store talks to it: one
 * statement, or one transaction. A connection that failed is destroyed
 * (never returned to the pool), so later calls reconnect by themselves.
 */
export class Db {
  readonly pool: pg.Pool;
  private closed = false;
  /** performance.now() of the last call that found the server unreachable (or too slow to answer). */
  unavailableAt: number | null = null;

  constructor(
    private readonly cfg: ResolvedPgConfig,
    private readonly onError: (e: Error) => void = () => {},
  ) {
    this.pool = new pg.Pool({
      connectionString: cfg.connectionString,
      max: cfg.poolMax,
      connectionTimeoutMillis: cfg.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      // Probes from 10 s idle instead of Linux's 2 h: a query waiting on a server that vanished without a
      // reset (failover, lost NAT state) fails in minutes, not after the node's leases are long gone.
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'corebound',
    });
    // An idle client whose backend dies emits 'error' on the pool; without a
    // listener node would crash the process. The pool already drops that client.
    this.pool.on('error', (e) => this.onError(e));
  }

  /**
   * Runs one named statement (on the pool, or on `client` inside a
   * transaction); rows come back untyped for rows.ts to map. A caller's own
   * client (`external`) gets unnamed statements: we do not own its
   * prepared-statement namespace, nor its connection, so no read timeout
   * (one leaves the connection unusable: ours are then dropped).
   */
  async query<R extends Row = Row>(
    stmt: Stmt,
    values: unknown[],
    client?: Queryable,
    external = false,
    timeoutMs = this.cfg.queryTimeoutMs,
  ): Promise<R[]> {
    if (this.closed) throw new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'store is closed');
    const config = {
      name: this.cfg.prepare && !external && !stmt.customPlan ? stmt.name : undefined,
      text: stmt.text,
      values: withArrayLiterals(values),
      types: rawJsonTypes,
      // Read by pg at run time, though not in its types: 0 or undefined means no bound.
      query_timeout: external ? undefined : timeoutMs || undefined,
    };
    try {
      const res = await (client ?? this.pool).query<R>(config);
      return res.rows;
    } catch (e) {
      throw this.noted(mapPgError(e));
    }
  }

  /** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new CoreboundError(ErrorCodes.STORE_UNAVAILABLE, 'store is closed');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.noted(mapPgError(e));
    }
    let broken: Error | undefined;
    // A checked-out client has no pool listener: without ours, its backend
    // dying would be an uncaught 'error' event and take the process down.
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    try {
      await client.query(this.bounded('BEGIN'));
      const out = await fn(client);
      await client.query(this.bounded('COMMIT'));
      return out;
    } catch (e) {
      // 0A000 "cached plan must not change result type" (a migration changed a table under a named
      // statement): the client's prepared statements are stale, so it must not go back to the pool.
      // A read timeout (a connection error here) leaves its query pending: the client is dropped too.
      if (isConnectionError(e) || (e as { code?: string }).code === '0A000') broken = e as Error;
      else await client.query(this.bounded('ROLLBACK')).catch((re) => (broken = re as Error));
      throw this.noted(mapPgError(e));
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private noted(e: unknown): unknown {
    if (isCoreboundError(e, ErrorCodes.STORE_UNAVAILABLE)) this.unavailableAt = performance.now();
    return e;
  }

  /** Plain SQL with the store's read timeout, for statements sent on our own clients. */
  bounded(text: string): { text: string; query_timeout?: number } {
    return { text, query_timeout: this.cfg.queryTimeoutMs || undefined };
  }

  /** The bound on one statement's answer (0: none); see PostgresStoreOptions.queryTimeoutMs. */
  get queryTimeoutMs(): number {
    return this.cfg.queryTimeoutMs;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

