/** stats() stops counting a (queue, state) at this many jobs: readers show "1M+". */
export const STATS_COUNT_CAP = 1_000_000;
//# sourceMappingURL=store.js.map