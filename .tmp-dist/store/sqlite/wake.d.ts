import type Database from 'better-sqlite3';
/**
 * Wake-ups for the embedded store. In-process producers call `notify()`
 * directly. Other processes writing the same file (the CLI enqueueing while a
 * node runs) are seen through `PRAGMA data_version`, which changes when another
 * connection commits; polling it costs one tiny read per interval, so a
 * cross-process enqueue is noticed within `intervalMs`.
 */
export declare class SqliteWake {
    private db;
    private intervalMs;
    private listeners;
    private timer;
    private lastVersion;
    constructor(db: Database.Database, intervalMs?: number);
    subscribe(listener: () => void): () => void;
    notify(): void;
    stop(): void;
    private poll;
    private dataVersion;
}
