export declare function threadCpuNs(): number;
export declare function threadCpuExact(): boolean;
/** The resolved per-thread schedstat path (/proc/PID/task/TID/schedstat), readable from other threads. */
export declare function threadSchedstatPath(): string | null;
/** Reads another thread's CPU ns from its schedstat path; null when it is gone. */
export declare function readSchedstat(path: string): number | null;
