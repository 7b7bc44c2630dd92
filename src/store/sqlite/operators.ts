import type Database from 'better-sqlite3';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import type { Job } from '../../core/job.js';
import { endAttempt } from './outcomes.js';
import type { StatementName } from './statements.js';

/** Operator writes, inside the caller's transaction (as outcomes.ts does for attempt outcomes). */
type St = (name: StatementName) => Database.Statement;

/**
 * Cancels an unfinished job; a running one's attempt ends as 'cancelled' and
 * its lease token goes stale, so the worker's late outcome is refused.
 * Returns false when the job was already cancelled (nothing written).
 */
export function cancelJob(st: St, job: Job, now: number): boolean {
  if (job.state === 'cancelled') return false;
  if (job.state === 'succeeded' || job.state === 'dead') {
    throw new CoreboundError(ErrorCodes.INVALID_STATE, `job ${job.id} is ${job.state}; only unfinished jobs can be cancelled`);
  }
  if (job.state === 'running' && job.leaseToken !== null) {
    const lease = { id: job.id, token: job.leaseToken };
    endAttempt(st, lease, now, 'cancelled', { message: 'cancelled while running' }, {});
  }
  st('cancel').run({ id: job.id, now });
  return true;
}
