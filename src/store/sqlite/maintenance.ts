import type Database from 'better-sqlite3';
import { ErrorCodes } from '../../core/errors.js';
import { afterLeaseExpiry } from '../../core/transitions.js';
import type * as S from '../store.js';
import { endAttempt } from './outcomes.js';
import type { StatementName } from './statements.js';

/** Maintenance writes, inside the caller's transaction (as outcomes.ts does for attempt outcomes). */
type St = (name: StatementName) => Database.Statement;
type Row = Record<string, unknown>;

const LEASE_EXPIRED = { code: ErrorCodes.LEASE_EXPIRED, message: 'lease expired: the worker or its node stopped heartbeating' };

/** Ends up to `limit` expired leases as crashes: back to queued, or dead (poison) past the crash budget. */
export function rescueExpiredLeases(st: St, now: number, limit: number): S.RescueResult[] {
  const rows = st('expiredLeases').all({ now, limit }) as Row[];
  return rows.map((r) => {
    const next = afterLeaseExpiry({ crashes: Number(r.crashes), maxCrashes: Number(r.max_crashes) });
    const lease = { id: Number(r.id), token: Number(r.lease_token) };
    endAttempt(st, lease, now, 'lease_expired', LEASE_EXPIRED, {});
    st('rescueTo').run({
      id: r.id,
      token: r.lease_token,
      now,
      state: next.state,
      crashes: next.crashes,
      dead_reason: next.deadReason,
      last_error: JSON.stringify(LEASE_EXPIRED),
      finished_at: next.state === 'dead' ? now : null,
    });
    return { id: Number(r.id), state: next.state };
  });
}

/** Deletes up to `limit` finished jobs older than `before`, their attempts, and results no other job points to. */
export function pruneFinished(st: St, before: number, limit: number): number {
  const rows = st('prunable').all({ before, limit }) as Row[];
  const shas = new Set<string>();
  for (const r of rows) {
    st('deleteJob').run(r.id);
    st('deleteAttempts').run(r.id);
    if (r.result_sha) shas.add(r.result_sha as string);
  }
  for (const sha of shas) st('deleteOrphanResult').run({ sha });
  return rows.length;
}
