/**
 * Inputs of the planner as people type them: a service-time distribution,
 * an arrival rate, a percentile. The planner only uses a distribution's mean
 * and coefficient of variation (cv = standard deviation ÷ mean), so a
 * shape's name is shorthand for a cv: exponential 1, constant 0, lognormal
 * whatever you say.
 */
export type ServiceShape = 'exponential' | 'constant' | 'lognormal' | 'measured';
export interface ServiceTime {
    shape: ServiceShape;
    meanMs: number;
    cv: number;
    /** Samples behind a measured distribution. */
    samples?: number;
}
/** A duration that must carry a unit: `--wait-slo 2` is ambiguous (2 ms? 2 s?), so it is refused. */
export declare function parseDurationWithUnit(text: string, what: string): number;
/** `60s` | `exp:60s` | `const:60s` | `lognormal:60s,cv=0.5`. */
export declare function parseServiceTime(text: string): ServiceTime;
/** Jobs per second from `0.5`, `0.5/s`, `30/min`, `1800/h`, `40000/d`. */
export declare function parseArrivalRate(text: string): number;
/** A percentile strictly between 0 and 1 (0.95 for the 95th). */
export declare function parsePercentile(text: string | number): number;
export declare function describeService(s: ServiceTime): string;
