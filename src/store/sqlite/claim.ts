import type Database from 'better-sqlite3';
import type { Job } from '../../core/job.js';
import { rowToJob } from '../rows.js';
import type { ClaimRequest } from '../store.js';
import { allRows } from './raw-rows.js';
import type { StatementName } from './statements.js';

type Row = Record<string, unknown>;

const claimOrder = (a: Row, b: Row) =>
  (a.priority as number) - (b.priority as number) ||
  (a.run_at as number) - (b.run_at as number) ||
  (a.id as number) - (b.id as number);

/**
 * Claims up to `req.limit` jobs; must run inside the caller's BEGIN IMMEDIATE
 * transaction (so nothing can change between reading the candidates and
 * updating them). Reads the head of each queue from the jobs_claim index,
 * merges them in claim order, then gives each winner a new fencing token
 * (lease_seq + 1) and a lease (its attempt row is written when it ends).
 * The returned jobs are the read rows patched with exactly the values written.
 */
export function claimJobs(st: (name: StatementName) => Database.Statement, now: number, req: ClaimRequest): Job[] {
  if (req.limit <= 0) return [];
  const paused = st('pausedQueues').all() as Row[];
  let queues = req.queues ?? (st('queuedQueues').all() as Row[]).map((r) => r.queue as string);
  if (paused.length > 0) {
    const p = new Set(paused.map((r) => r.queue as string));
    queues = queues.filter((q) => !p.has(q));
  }
  const cand = st('claimCandidates');
  let rows: Row[];
  if (queues.length === 1) {
    rows = allRows(cand, { queue: queues[0], limit: req.limit });
  } else {
    rows = [];
    for (const queue of queues) for (const r of allRows(cand, { queue, limit: req.limit })) rows.push(r);
    rows.sort(claimOrder);
    if (rows.length > req.limit) rows.length = req.limit;
  }
  const expires = now + req.leaseMs;
  const update = st('claimById');
  return rows.map((r) => {
    const seq = (r.lease_seq as number) + 1;
    const attempt = (r.attempt as number) + 1;
    const res = update.run({ id: r.id, seq, attempt, worker: req.workerId, expires, now });
    if (res.changes !== 1) throw new Error(`claim: job ${r.id} changed inside the claim transaction`);
    r.state = 'running';
    r.attempt = attempt;
    r.lease_seq = seq;
    r.lease_token = seq;
    r.lease_owner = req.workerId;
    r.lease_expires_at = expires;
    r.started_at = now;
    r.updated_at = now;
    r.progress = null;
    r.progress_message = null;
    r.version = (r.version as number) + 1;
    return rowToJob(r);
  });
}
