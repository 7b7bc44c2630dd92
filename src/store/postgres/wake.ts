import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ResolvedPgConfig } from './config.js';

export type WakeMode = 'off' | 'connecting' | 'listening' | 'polling';

/**
 * Wake-ups for the PostgreSQL store. The hot path is LISTEN on one dedicated
 * connection (not from the pool): producers pg_notify inside their own
 * transaction, so a node wakes the moment the job commits, never before.
 *
 * - The listener reconnects by itself with capped exponential backoff, and
 *   wakes everyone once connected (a notification sent while it was down is lost).
 * - After each LISTEN it sends itself a probe NOTIFY through the pool. Behind
 *   PgBouncer in transaction mode LISTEN "succeeds" but nothing ever arrives:
 *   the probe never comes back, so the node stays in polling mode (also the
 *   mode when `listen` is off, the documented setting for PgBouncer).
 * - A poll timer is the fallback: every `pollMs` while not listening, every
 *   `safetyPollMs` while listening (a safety net, not the wake-up path).
 * - While not listening, writes in this process wake local listeners directly.
 */
export class PgWake {
  private listeners = new Set<() => void>();
  private client: pg.Client | null = null;
  private mode: WakeMode = 'off';
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running = false;
  private probeToken = '';

  constructor(
    private readonly cfg: ResolvedPgConfig,
    readonly channel: string,
    private readonly sendProbe: (payload: string) => Promise<void>,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  get state(): WakeMode {
    return this.mode;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.running) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A write in this process made work runnable; NOTIFY covers it while listening. */
  local(): void {
    if (this.mode !== 'listening') this.emit();
  }

  stop(): void {
    this.running = false;
    this.mode = 'off';
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pollTimer = this.retryTimer = null;
    const c = this.client;
    this.client = null;
    c?.end().catch(() => {});
  }

  private start(): void {
    this.running = true;
    this.mode = this.cfg.listen ? 'connecting' : 'polling';
    this.schedulePoll();
    if (this.cfg.listen) void this.connect();
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // a listener's failure must not stop the others from waking
      }
    }
  }

  private schedulePoll(): void {
    if (!this.running) return;
    const ms = this.mode === 'listening' ? this.cfg.safetyPollMs : this.cfg.pollMs;
    this.pollTimer = setTimeout(() => {
      this.emit();
      this.schedulePoll();
    }, ms);
    this.pollTimer.unref();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.cfg.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: this.cfg.connectTimeoutMs,
      application_name: 'corebound-listen',
    });
    let dead = false;
    const lost = () => {
      if (dead) return;
      dead = true;
      client.end().catch(() => {});
      if (this.client === client) this.client = null;
      if (!this.running) return;
      const wasListening = this.mode === 'listening';
      this.mode = 'connecting';
      if (wasListening) this.restartPoll();
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel !== this.channel || this.client !== client) return;
      // Any delivery proves LISTEN works here, the probe's or a producer's.
      this.setListening();
      if (!n.payload?.startsWith('probe:')) this.emit();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (e) {
      this.log(`wake listener cannot connect: ${(e as Error).message}`);
      lost();
      return;
    }
    if (!this.running || dead) {
      client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.failures = 0;
    this.emit(); // catch up on anything committed while we were not listening
    this.probe(client);
  }

  private probe(client: pg.Client): void {
    this.probeToken = `probe:${randomBytes(8).toString('hex')}`;
    const token = this.probeToken;
    this.sendProbe(token).catch(() => {});
    const t = setTimeout(() => {
      if (this.client === client && this.mode !== 'listening' && this.probeToken === token) {
        this.mode = 'polling';
        this.log('LISTEN receives no notifications (PgBouncer in transaction mode?); polling instead');
      }
    }, 5_000);
    t.unref();
  }

  private setListening(): void {
    if (this.mode === 'listening' || !this.running) return;
    this.mode = 'listening';
    this.restartPoll();
  }

  private restartPoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.schedulePoll();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || !this.running) return;
    const base = Math.min(10_000, 250 * 2 ** this.failures++);
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.running) void this.connect();
      },
      base / 2 + Math.random() * (base / 2),
    );
    this.retryTimer.unref();
  }
}

/** NOTIFY channel for a schema; channel names are identifiers of at most 63 bytes. */
export function wakeChannel(schema: string): string {
  const name = `cbw_${schema}`;
  return name.length <= 63 ? name : `cbw_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}
