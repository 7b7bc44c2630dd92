/**
 * Wake-ups for the embedded store. In-process producers call `notify()`
 * directly. Other processes writing the same file (the CLI enqueueing while a
 * node runs) are seen through `PRAGMA data_version`, which changes when another
 * connection commits; polling it costs one tiny read per interval, so a
 * cross-process enqueue is noticed within `intervalMs`.
 */
export class SqliteWake {
    db;
    intervalMs;
    listeners = new Set();
    timer = null;
    lastVersion = -1;
    constructor(db, intervalMs = 50) {
        this.db = db;
        this.intervalMs = intervalMs;
    }
    subscribe(listener) {
        this.listeners.add(listener);
        if (!this.timer && this.db.name !== ':memory:') {
            this.lastVersion = this.dataVersion();
            this.timer = setInterval(() => this.poll(), this.intervalMs);
            this.timer.unref();
        }
        return () => {
            this.listeners.delete(listener);
            if (this.listeners.size === 0)
                this.stop();
        };
    }
    notify() {
        for (const l of this.listeners)
            l();
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
    }
    poll() {
        if (!this.db.open) {
            this.stop();
            return;
        }
        let v;
        try {
            v = this.dataVersion();
        }
        catch {
            return; // busy or closing: the next tick will see the change
        }
        if (v !== this.lastVersion) {
            this.lastVersion = v;
            this.notify();
        }
    }
    dataVersion() {
        return this.db.pragma('data_version', { simple: true });
    }
}
//# sourceMappingURL=wake.js.map