/** Every bound in one place; docs/guarantees.md lists them. */
export const Defaults = {
  maxPayloadBytes: 1024 * 1024,
  maxResultBytes: 4 * 1024 * 1024,
  maxAttempts: 5,
  maxCrashes: 3,
  timeoutMs: 5 * 60_000,
  maxTimeoutMs: 24 * 3_600_000,
  leaseMs: 15_000,
  maxQueueDepth: 100_000,
  priority: 0,
  minPriority: -1000,
  maxPriority: 1000,
  maxAttemptsCap: 1000,
  maxKeyLength: 255,
  maxNameLength: 128,
  retentionMs: 7 * 24 * 3_600_000,
  drainGraceMs: 25_000,
  /** Expected work per worker a node may claim ahead of free workers (short jobs only). */
  lookaheadMs: 500,
  maxBatch: 10_000,
} as const;
