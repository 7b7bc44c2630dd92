import type { AttemptOutcome } from '../core/job.js';
import type { FinishedAttempt } from '../store/store.js';
import { type Cost, type CostBasis } from './attempt-cost.js';
/**
 * `corebound cost`: what the window's attempts cost, per job and per group,
 * and how much of the fleet's paid-for capacity sat idle. Pure: the CLI
 * reads the attempts from the store and passes them in.
 */
export type CostGroupBy = 'task' | 'queue';
/** Where an attempt's money went: useful work, or lost to a failure, a crash or an interruption. */
export type SpendClass = 'succeeded' | 'failed' | 'crashed' | 'interrupted';
export declare function spendClass(outcome: AttemptOutcome): SpendClass;
export interface SpendSummary {
    attempts: number;
    /** Distinct jobs with at least one attempt in the window. */
    jobs: number;
    cost: Cost;
    /** Per job: the sum of its attempts in the window. */
    perJob: {
        meanUsd: number;
        p95Usd: number;
    };
    byClass: Record<SpendClass, {
        attempts: number;
        usd: number;
    }>;
    /** Share of spend on failed (error, timeout) and crashed (crash, OOM, lost lease) attempts. */
    failedShare: number;
    crashedShare: number;
    /** failedShare + crashedShare. Interrupted (drained, cancelled) attempts are reported but not counted here. */
    lostShare: number;
}
export interface UtilizationSummary {
    workers: number;
    /** Core-seconds attempts held a worker, clipped to the window. */
    busyCoreSeconds: number;
    /** workers × window seconds: what a fleet of that size pays for. */
    availableCoreSeconds: number;
    /** busy ÷ available. Above 1 means --workers is smaller than the fleet that ran these attempts. */
    utilization: number;
    idleCoreSeconds: number;
    /** Idle core-seconds priced at a whole worker (core + its memory). */
    idleUsd: number;
    /** What the fleet costs over the window, busy or not. */
    fleetUsd: number;
}
export interface CostReport {
    window: {
        since: number;
        until: number;
        seconds: number;
    };
    pricing: {
        name: string;
        vcpuHour: number;
        gbHour: number;
        memoryGbPerWorker: number;
        workerHourUsd: number;
    };
    totals: SpendSummary;
    utilization: UtilizationSummary;
    by?: CostGroupBy;
    groups?: (SpendSummary & {
        key: string;
    })[];
    notes: string[];
}
export interface CostReportInput {
    attempts: readonly FinishedAttempt[];
    since: number;
    until: number;
    workers: number;
    basis: CostBasis;
    by?: CostGroupBy;
}
export declare function summarizeSpend(attempts: readonly FinishedAttempt[], basis: CostBasis): SpendSummary;
export declare function utilization(input: Omit<CostReportInput, 'by'>): UtilizationSummary;
export declare function costReport(input: CostReportInput): CostReport;
