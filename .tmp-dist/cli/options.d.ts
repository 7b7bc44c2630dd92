/** Parses an integer flag, refusing anything but a plain integer in range. */
export declare function intOption(name: string, min: number, max: number): (value: string) => number;
export declare function jobId(value: string): number;
