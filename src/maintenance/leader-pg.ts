import pg from 'pg';
import { resolvePgConfig } from '../store/postgres/config.js';
import { LockSpace } from '../store/postgres/migrator.js';
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
 *   session advisory locks do not work; give the store a `lockUrl`.
 */
export class PgLeader implements Leader {
  private client: pg.Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<void> | null = null;
  private readonly connectionString: string;
  private readonly schema: string;
  private readonly retryMs: number;

  constructor(
    url: string,
    private readonly opts: PgLeaderOptions = {},
  ) {
    const cfg = resolvePgConfig(url, { schema: opts.schema });
    this.connectionString = cfg.connectionString;
    this.schema = cfg.schema;
    this.retryMs = opts.retryMs ?? 2_000;
  }

  /** A leader for the store's database and schema, on its own connection through the store's lock URL. */
  static forStore(
    store: { config: { lockConnectionString: string; schema: string } },
    opts: Omit<PgLeaderOptions, 'schema'> = {},
  ): PgLeader {
    return new PgLeader(store.config.lockConnectionString, { ...opts, schema: store.config.schema });
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** Starts campaigning; resolves after the first attempt (leader or not). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
  }

  /** Steps down (unlocking, so a follower takes over at once) and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => {});
    const c = this.client;
    this.client = null;
    this.setLeader(false);
    if (c) await c.end().catch(() => {});
  }

  private tick(): Promise<void> {
    this.ticking = this.attempt().finally(() => {
      this.ticking = null;
      if (!this.running) return;
      this.timer = setTimeout(() => void this.tick(), this.retryMs);
      this.timer.unref();
    });
    return this.ticking;
  }

  private async attempt(): Promise<void> {
    try {
      const c = this.client ?? (await this.connect());
      if (!this.running) return;
      const key = [LockSpace.leader, this.schema];
      if (this.leader) {
        // Session locks are re-entrant: count ours in pg_locks rather than taking it again.
        const r = await c.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
             AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2 AND granted`,
          key,
        );
        if (r.rows[0].n === 0) this.setLeader(false);
      } else {
        const r = await c.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', key);
        this.setLeader(r.rows[0].ok === true);
      }
    } catch (e) {
      this.opts.log?.(`leader election: ${(e as Error).message}`);
      this.drop();
    }
  }

  private async connect(): Promise<pg.Client> {
    const c = new pg.Client({
      connectionString: this.connectionString,
      application_name: this.opts.applicationName ?? 'corebound-leader',
      keepAlive: true,
      connectionTimeoutMillis: Math.max(1_000, this.retryMs * 2),
      query_timeout: Math.max(1_000, this.retryMs * 2),
    });
    c.on('error', () => this.drop(c));
    c.on('end', () => this.drop(c));
    try {
      await c.connect();
      // Let the server end a session whose machine vanished; our ticks keep a live one busy.
      const idle = Math.max(10_000, this.retryMs * 5);
      await c.query(`SET idle_session_timeout = ${idle}`).catch(() => {}); // PostgreSQL 14+
      await c.query('SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
    } catch (e) {
      c.end().catch(() => {});
      throw e;
    }
    this.client = c;
    return c;
  }

  /** The connection is gone or unusable: so is the lock. */
  private drop(c: pg.Client | null = this.client): void {
    if (!c) return;
    if (this.client === c) {
      this.client = null;
      this.setLeader(false);
    }
    c.end().catch(() => {});
  }

  private setLeader(v: boolean): void {
    if (this.leader === v) return;
    this.leader = v;
    this.opts.onChange?.(v);
  }
}
