import type { QueueStats } from '../store/store.js';
import type { ServiceTime } from './service-time.js';
/**
 * The autoscaling signal (served as GET /v1/scaling and as metrics).
 *
 * backlogPerWorker = (queued + running) / workers. Counting running jobs is
 * the point: a fleet that is 100% busy with an empty queue reads 1.0, not 0,
 * so a target-tracking policy aimed at ~1 does not scale a busy fleet in.
 * The value falls as workers are added, which is what target tracking needs.
 *
 * recommendedWorkers = the planner's steady-state count for the measured
 * arrival rate and service time at the declared wait SLO, plus enough extra
 * workers to drain the backlog above the steady-state queue within
 * `drainWithinMs`. Never 0 while anything is queued or running.
 */
export interface ScalingInput {
    stats: readonly Pick<QueueStats, 'queue' | 'counts'>[];
    /** Only these queues (all when omitted). */
    queues?: readonly string[];
    /** Workers serving these queues now, across the fleet. */
    workers: number;
    /** Measured attempt arrivals per second (see measureArrivalRate); null when unknown. */
    arrivalPerSec: number | null;
    /** Measured service time (see measureService); null when there is no history yet. */
    service: Pick<ServiceTime, 'meanMs' | 'cv'> | null;
    waitSloMs: number;
    percentile: number;
    /** How soon a backlog above the steady state should be cleared (default 5 minutes). */
    drainWithinMs?: number;
    minWorkers?: number;
    maxWorkers?: number;
}
export interface ScalingSignal {
    queued: number;
    running: number;
    /** queued + running. */
    inFlight: number;
    workers: number;
    /** inFlight / workers; inFlight itself when there are no workers, so scale-from-zero sees the work. */
    backlogPerWorker: number;
    /** Null when there is work but no service-time history to size it with. */
    recommendedWorkers: number | null;
    /** The planner's answer for the measured load, before backlog drain. */
    steadyStateWorkers: number | null;
    /** Extra workers to clear the excess backlog within drainWithinMs. */
    drainWorkers: number;
    /** Queue length the planner expects at the steady state (λ × mean wait). */
    expectedQueued: number | null;
    reason: string;
}
export declare const DEFAULT_DRAIN_WITHIN_MS: number;
export declare function scalingSignal(input: ScalingInput): ScalingSignal;
