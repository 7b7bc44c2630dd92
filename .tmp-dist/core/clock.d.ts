/**
 * Time is injected so tests control it without sleeping, and the store
 * passes `clock.now()` into SQL as `now` instead of reading the database's clock.
 */
export interface Clock {
    /** Milliseconds since the Unix epoch. */
    now(): number;
}
export declare const systemClock: Clock;
/** A clock that only moves when told to; for tests. */
export declare class ManualClock implements Clock {
    private t;
    constructor(t?: number);
    now(): number;
    advance(ms: number): void;
    set(ms: number): void;
}
