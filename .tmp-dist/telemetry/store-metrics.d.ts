import type { Job } from '../core/job.js';
import type { Store } from '../store/store.js';
import type { CoreboundMetrics } from './metrics.js';
export interface InstrumentOptions {
    /** Called with the jobs of every successful claim (attempt spans and log contexts start here). */
    onClaim?(jobs: Job[]): void;
    /** Wrap enqueues in OpenTelemetry spans and store their context on the jobs. Default true (free without an SDK). */
    trace?: boolean;
}
/**
 * A measuring proxy over a Store: every operation's latency goes to
 * corebound_store_operation_seconds{op}, failures to corebound_store_errors_total,
 * and the operations that mean something to a queue feed the job counters:
 * enqueue → enqueued (created ones only), claim → started, rescueExpired →
 * crashes{kind=lease_expired} and dead{reason=poison}.
 *
 * Give the node and the API the same wrapped store so both are measured.
 */
export declare function instrumentStore<S extends Store>(store: S, metrics: CoreboundMetrics, opts?: InstrumentOptions): S;
