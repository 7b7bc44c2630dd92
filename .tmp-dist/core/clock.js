export const systemClock = { now: () => Date.now() };
/** A clock that only moves when told to; for tests. */
export class ManualClock {
    t;
    constructor(t = Date.UTC(2026, 0, 1)) {
        this.t = t;
    }
    now() {
        return this.t;
    }
    advance(ms) {
        this.t += ms;
    }
    set(ms) {
        this.t = ms;
    }
}
//# sourceMappingURL=clock.js.map