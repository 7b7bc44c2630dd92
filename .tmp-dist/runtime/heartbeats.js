/**
 * Renews every running job's lease in ONE store call, from the main thread
 * and never from a worker, so a task that blocks its thread for minutes keeps
 * its lease. A lease the store reports as lost (rescued, cancelled) is handed
 * to `onLost`, which aborts the job locally.
 */
export class Heartbeats {
    store;
    leaseMs;
    running;
    find;
    onLost;
    logger;
    timer = null;
    inFlight = false;
    constructor(store, leaseMs, running, find, onLost, logger) {
        this.store = store;
        this.leaseMs = leaseMs;
        this.running = running;
        this.find = find;
        this.onLost = onLost;
        this.logger = logger;
    }
    start(everyMs = Math.max(50, Math.floor(this.leaseMs / 3))) {
        this.timer ??= setInterval(() => void this.beat(), everyMs);
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
    }
    async beat() {
        if (this.inFlight)
            return;
        const items = [];
        const sent = [];
        for (const r of this.running()) {
            if (r.lost)
                continue;
            const item = { id: r.id, token: r.token };
            if (r.progressDirty && r.progress !== undefined) {
                item.progress = r.progress;
                if (r.progressMessage !== undefined)
                    item.progressMessage = r.progressMessage;
                r.progressDirty = false;
                sent.push(r);
            }
            items.push(item);
        }
        if (items.length === 0)
            return;
        this.inFlight = true;
        try {
            const res = await this.store.heartbeat(items, this.leaseMs);
            for (const l of res.lost) {
                const r = this.find(l.id);
                if (r && r.token === l.token && !r.lost)
                    this.onLost(r);
            }
        }
        catch (e) {
            for (const r of sent)
                r.progressDirty = true;
            this.logger.warn('heartbeat failed; leases run until they expire', { error: e.message });
        }
        finally {
            this.inFlight = false;
        }
    }
}
//# sourceMappingURL=heartbeats.js.map