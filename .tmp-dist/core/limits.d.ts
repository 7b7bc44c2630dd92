/** Every bound in one place; docs/guarantees.md lists them. */
export declare const Defaults: {
    readonly maxPayloadBytes: number;
    readonly maxResultBytes: number;
    readonly maxAttempts: 5;
    readonly maxCrashes: 3;
    readonly timeoutMs: number;
    readonly maxTimeoutMs: number;
    readonly leaseMs: 15000;
    readonly maxQueueDepth: 100000;
    readonly priority: 0;
    readonly minPriority: -1000;
    readonly maxPriority: 1000;
    readonly maxAttemptsCap: 1000;
    readonly maxKeyLength: 255;
    readonly maxNameLength: 128;
    readonly retentionMs: number;
    readonly drainGraceMs: 25000;
    readonly maxBatch: 10000;
};
