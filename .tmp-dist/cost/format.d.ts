import type { Plan, PlanCost } from './planner.js';
import type { Rate } from './rates.js';
import type { CostReport } from './report.js';
/** Text views of the cost report and the plan; the commands print these or the JSON. */
export declare function usd(x: number): string;
export declare function pct(x: number, digits?: number): string;
export declare function describeRate(rate: Rate, memoryGbPerWorker: number): string;
export declare function formatCostReport(r: CostReport, ctx: {
    rate: Rate;
    sinceText: string;
    workersSource: string;
}): string;
export interface PlanView {
    plan: Plan;
    arrivalPerSec: number;
    serviceText: string;
    waitSloMs: number;
    percentile: number;
    memoryGbPerWorker: number;
    chosenPricing: string;
    costs: PlanCost[];
    notes: string[];
}
export declare function formatPlan(v: PlanView): string;
