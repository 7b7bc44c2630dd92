/** Parses `250ms`, `30s`, `10m`, `1.5h`, `7d` or a bare number of milliseconds. */
export declare function parseDuration(text: string | number, what?: string): number;
export declare function formatDuration(ms: number): string;
