import type { AttemptMetrics, Job, JobError } from '../core/job.js';
import { backoffDelay, type RetryPolicy } from '../core/retry.js';
import type { LeaseOutcome } from '../store/store.js';
import type { AttemptEvent } from './node-options.js';
import type { Pending } from './results.js';
import type { Outcome } from './slot.js';

export interface AttemptMeta {
  job: Job;
  worker: number;
}

/**
 * The rule from a worker's outcome to a store write: a result completes; a
 * job aborted for a drain is released whatever it then did (unless it
 * finished); anything else fails with its kind, and the task's retry policy
 * picks the backoff. A NonRetryableError (matched by name, since it crossed a
 * thread boundary) is not retried.
 */
export function outcomeToWrite(
  run: { id: number; token: number; job: Job; draining: boolean },
  retry: RetryPolicy | undefined,
  outcome: Outcome,
  metrics: AttemptMetrics,
  meta: AttemptMeta,
): Pending {
  const lease = { id: run.id, token: run.token };
  if (outcome.kind === 'ok') {
    const item = { id: run.id, token: run.token, result: Buffer.from(outcome.json), contentType: 'application/json', metrics };
    return { op: 'complete', item, meta };
  }
  if (run.draining) return { op: 'release', item: { ...lease, metrics }, meta };
  // 'killed' (terminated after ignoring an abort that was not a drain) is a crash of the worker.
  const kind = outcome.kind === 'killed' ? 'crash' : outcome.kind;
  const retryable = outcome.kind === 'error' ? outcome.retryable : true;
  const retryDelayMs = retryable ? backoffDelay(run.job.attempt, retry) : 0;
  return { op: 'fail', item: { ...lease, kind, error: outcome.error, retryable, retryDelayMs, metrics }, meta };
}

/** The 'attempt' event for a write the store answered (or that was given up on). */
export function writtenEvent(p: Pending, o: LeaseOutcome | null): AttemptEvent {
  const meta = p.meta as AttemptMeta;
  const metrics = p.item.metrics ?? {};
  // Literals, not spreads: an event built with spreads was ~1.5 KB of allocation per job (heap sampling).
  if (!o?.ok) return { job: meta.job, worker: meta.worker, outcome: o ? 'stale' : 'lost', metrics };
  const outcome = p.op === 'complete' ? 'succeeded' : p.op === 'fail' ? p.item.kind : 'released';
  const error: JobError | undefined = p.op === 'fail' ? p.item.error : undefined;
  const e: AttemptEvent = { job: meta.job, worker: meta.worker, outcome, state: o.state, error, metrics };
  if (p.op === 'complete' && p.item.result) e.result = p.item.result;
  return e;
}
