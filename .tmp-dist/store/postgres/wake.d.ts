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
export declare class PgWake {
    private readonly cfg;
    readonly channel: string;
    private readonly sendProbe;
    private readonly log;
    private listeners;
    private client;
    private mode;
    private pollTimer;
    private retryTimer;
    private failures;
    private running;
    private probeToken;
    constructor(cfg: ResolvedPgConfig, channel: string, sendProbe: (payload: string) => Promise<void>, log?: (msg: string) => void);
    get state(): WakeMode;
    subscribe(listener: () => void): () => void;
    /** A write in this process made work runnable; NOTIFY covers it while listening. */
    local(): void;
    stop(): void;
    private start;
    private emit;
    private schedulePoll;
    private connect;
    private probe;
    private setListening;
    private restartPoll;
    private scheduleReconnect;
}
/** NOTIFY channel for a schema; channel names are identifiers of at most 63 bytes. */
export declare function wakeChannel(schema: string): string;
