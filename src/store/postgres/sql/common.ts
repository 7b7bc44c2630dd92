import type { Stmt } from '../db.js';

/**
 * `now` in every statement is parameter $1: the injected clock's time when
 * there is one (tests), else NULL, and then the database's own clock. Stable
 * within a statement (statement_timestamp), so index bounds can use it.
 */
export const NOW = `coalesce($1::bigint, (extract(epoch FROM statement_timestamp()) * 1000)::bigint)`;

export const FINAL = `('succeeded', 'dead', 'cancelled')`;

/** Columns cleared whenever a job leaves `running`. */
export const NO_LEASE = 'lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL';

export function stmt(name: string, text: string, opts: { customPlan?: boolean } = {}): Stmt {
  return { name: `cb_${name}`, text, ...opts };
}
