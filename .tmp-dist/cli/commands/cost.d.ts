import type { Command } from 'commander';
import { resolvePricing } from '../../cost/rates.js';
import { type CostReport } from '../../cost/report.js';
import type { Store } from '../../store/store.js';
export interface CostOptions {
    since?: string;
    by?: string;
    workers?: string;
    memoryGb?: string;
    pricing?: string;
    pricingFile?: string;
    json?: boolean;
    store?: string;
}
export interface CostOutput extends CostReport {
    /** Where the worker count came from: the flag, or this machine's core count. */
    workersSource: string;
    rate: ReturnType<typeof resolvePricing>['rate'];
    truncated: boolean;
}
/** Everything `corebound cost` computes from a store; exported for tests. */
export declare function runCost(store: Pick<Store, 'finishedAttempts'>, o: CostOptions, now?: number): Promise<CostOutput>;
export declare function registerCost(program: Command): void;
