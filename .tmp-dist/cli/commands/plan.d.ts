import type { Command } from 'commander';
import { type MeasuredService } from '../../cost/history.js';
import { type Plan, planCosts } from '../../cost/planner.js';
import { type ServiceTime } from '../../cost/service-time.js';
export interface PlanOptions {
    arrival?: string;
    serviceTime?: string;
    fromHistory?: string;
    since?: string;
    waitSlo?: string;
    percentile?: string;
    cores?: string;
    memoryGb?: string;
    pricing?: string;
    pricingFile?: string;
    json?: boolean;
    store?: string;
}
export interface PlanOutput {
    cores: number;
    meetsSlo: boolean;
    utilization: number;
    pWait: number;
    pWaitOverSlo: number;
    meanWaitMs: number;
    percentileWaitMs: number;
    offeredLoad: number;
    model: Plan['model'];
    varianceFactor: number;
    input: {
        /** Jobs per second, as given. */
        arrivalPerSec: number;
        /** What the queue sees: jobs × attempts per job (1 unless measured from history). */
        attemptArrivalPerSec: number;
        service: ServiceTime;
        waitSloMs: number;
        percentile: number;
        memoryGbPerWorker: number;
    };
    history?: MeasuredService & {
        task: string;
        since: number;
    };
    around: Plan['around'];
    pricing: string;
    costs: ReturnType<typeof planCosts>;
    notes: string[];
}
export declare function parseMemoryGb(text: string | undefined): number;
/** Everything `corebound plan` computes; the action prints it. Exported for tests. */
export declare function runPlan(o: PlanOptions, now?: number): Promise<PlanOutput>;
export declare function planText(out: PlanOutput): string;
export declare function registerPlan(program: Command): void;
