import type Database from 'better-sqlite3';

/**
 * Wake-ups for the embedded store. In-process producers call `notify()`
 * directly. Other processes writing the same file (the CLI enqueueing while a
 * node runs) are seen through `PRAGMA data_version`, which changes when another
 * connection commits; polling it costs one tiny read per interval, so a
 * cross-process enqueue is noticed within `intervalMs`.
 */
export class SqliteWake {
  private listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private lastVersion = -1;
  // Prepared once: db.pragma() compiles its statement on every call, which was 5% of a busy node's main thread.
  private versionStmt: Database.Statement | null = null;

  constructor(
    private db: Database.Database,
    private intervalMs = 50,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.timer && this.db.name !== ':memory:') {
      this.lastVersion = this.dataVersion();
      this.timer = setInterval(() => this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** True when someone in this process was listening. */
  notify(): boolean {
    for (const l of this.listeners) l();
    return this.listeners.size > 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private poll(): void {
    if (!this.db.open) {
      this.stop();
      return;
    }
    let v: number;
    try {
      v = this.dataVersion();
    } catch {
      return; // busy or closing: the next tick will see the change
    }
    if (v !== this.lastVersion) {
      this.lastVersion = v;
      this.notify();
    }
  }

  private dataVersion(): number {
    this.versionStmt ??= this.db.prepare('PRAGMA data_version').pluck();
    return this.versionStmt.get() as number;
  }
}
