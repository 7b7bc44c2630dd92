import type { FinishedAttempt, Store } from '../store/store.js';
/**
 * All finished attempts in [since, until], paging through the store's
 * bounded finishedAttempts(). Pages restart at the last page's endedAt and
 * skip rows already seen, so ties on endedAt across a page edge are neither
 * lost nor counted twice. Stops at `max` rows and says so (`truncated`).
 */
export declare function readFinishedAttempts(store: Pick<Store, 'finishedAttempts'>, opts: {
    since: number;
    until: number;
    task?: string;
    pageSize?: number;
    max?: number;
}): Promise<{
    attempts: FinishedAttempt[];
    truncated: boolean;
}>;
