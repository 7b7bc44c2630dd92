import type { Attempt, Job, JobState, StoredResult } from '../core/job.js';
import { Defaults } from '../core/limits.js';
import type { PreparedSpec } from '../core/validate.js';
import type { ApiToken, FinishedAttempt, QueueConfig, QueueStats } from './store.js';

/**
 * Row → model mapping shared by both stores. Both schemas use the same
 * column names; PostgreSQL returns int8 as strings, hence Number().
 */
type Row = Record<string, unknown>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);

/**
 * The length of a job's stored input JSON, on jobs read from a row: a
 * non-enumerable property, so copies, JSON and equality checks do not see
 * it. It was a WeakMap: every claimed job paid a WeakMap insert plus the
 * garbage collector's ephemeron work, ~2.5% of a SQLite node's main thread
 * in a no-op run (perf, 2026-12-05).
 */
const INPUT_CHARS = Symbol('inputChars');

/**
 * About how large a job's input is: the length of its stored JSON, known for
 * jobs a store read from a row (undefined otherwise). A node bounds the
 * inputs of the jobs it holds ahead of its workers by it (runtime/hand.ts).
 */
export const inputChars = (job: Job): number | undefined => (job as { [INPUT_CHARS]?: number })[INPUT_CHARS];

export function rowToJob(r: Row): Job {
  const job = toJob(r);
  if (typeof r.input === 'string') Object.defineProperty(job, INPUT_CHARS, { value: r.input.length });
  return job;
}

// String.prototype.toWellFormed is in Node 20 but typed only in lib ES2024, which would also admit APIs Node 20 lacks.
const wellFormed = (s: string): string => (s as string & { toWellFormed(): string }).toWellFormed();

/**
 * A job just inserted, from its spec and what the insert decided (id, state,
 * run time, creation time): every other column is the spec's value or the
 * table's default, so an enqueue reads back four columns, not 33. Parsing
 * the full rows was ~9 µs of the node's CPU per job of a bulk enqueue, a
 * quarter of its wall time (2026-12-05). Text goes to the database as UTF-8,
 * where a lone surrogate becomes U+FFFD, hence wellFormed(). A conformance
 * test holds it equal to what `get` reads.
 */
export function enqueuedJob(p: PreparedSpec, d: { id: number; state: JobState; runAt: number; createdAt: number }): Job {
  const text = (v: string | undefined) => (v === undefined ? null : wellFormed(v));
  const job: Job = {
    id: d.id,
    task: wellFormed(p.task),
    queue: wellFormed(p.queue ?? p.task),
    state: d.state,
    input: JSON.parse(p.inputJson),
    priority: p.priority ?? Defaults.priority,
    runAt: d.runAt,
    createdAt: d.createdAt,
    updatedAt: d.createdAt,
    attempt: 0,
    errors: 0,
    crashes: 0,
    maxAttempts: p.maxAttempts ?? Defaults.maxAttempts,
    maxCrashes: p.maxCrashes ?? Defaults.maxCrashes,
    timeoutMs: p.timeoutMs ?? Defaults.timeoutMs,
    key: text(p.key),
    parentId: p.parentId ?? null,
    groupId: text(p.groupId),
    leaseToken: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    startedAt: null,
    finishedAt: null,
    progress: null,
    progressMessage: null,
    checkpoint: null,
    resultSha: null,
    lastError: null,
    deadReason: null,
    version: 1,
    traceparent: text(p.traceparent),
    cpuMs: 0,
    wallMs: 0,
  };
  Object.defineProperty(job, INPUT_CHARS, { value: p.inputJson.length });
  return job;
}

/**
 * The columns toJob reads: what statements that return jobs for the hot
 * path select, rather than every column (the attempt and inline-result
 * columns are read elsewhere). Parsing a row costs per column: 33 of 41
 * saved ~2–3 µs of the node's CPU per claimed job.
 */
export const JOB_COLUMNS = [
  'id', 'task', 'queue', 'state', 'input', 'priority', 'run_at', 'created_at', 'updated_at', 'attempt', 'errors',
  'crashes', 'max_attempts', 'max_crashes', 'timeout_ms', 'idem_key', 'parent_id', 'group_id', 'lease_token',
  'lease_owner', 'lease_expires_at', 'started_at', 'finished_at', 'progress', 'progress_message', 'checkpoint',
  'result_sha', 'last_error', 'dead_reason', 'version', 'traceparent', 'cpu_ms', 'wall_ms',
] as const;

function toJob(r: Row): Job {
  return {
    id: Number(r.id),
    task: r.task as string,
    queue: r.queue as string,
    state: r.state as JobState,
    input: json(r.input),
    priority: Number(r.priority),
    runAt: Number(r.run_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    attempt: Number(r.attempt),
    errors: Number(r.errors),
    crashes: Number(r.crashes),
    maxAttempts: Number(r.max_attempts),
    maxCrashes: Number(r.max_crashes),
    timeoutMs: Number(r.timeout_ms),
    key: (r.idem_key as string | null) ?? null,
    parentId: num(r.parent_id),
    groupId: (r.group_id as string | null) ?? null,
    leaseToken: num(r.lease_token),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseExpiresAt: num(r.lease_expires_at),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    progress: num(r.progress),
    progressMessage: (r.progress_message as string | null) ?? null,
    checkpoint: json(r.checkpoint),
    resultSha: (r.result_sha as string | null) ?? null,
    lastError: json(r.last_error),
    deadReason: (r.dead_reason as Job['deadReason']) ?? null,
    version: Number(r.version),
    traceparent: (r.traceparent as string | null) ?? null,
    cpuMs: Number(r.cpu_ms),
    wallMs: Number(r.wall_ms),
  };
}

export function rowToAttempt(r: Row): Attempt {
  return {
    jobId: Number(r.job_id),
    attempt: Number(r.attempt),
    token: Number(r.token),
    workerId: r.worker_id as string,
    startedAt: Number(r.started_at),
    endedAt: num(r.ended_at),
    outcome: r.outcome as Attempt['outcome'],
    errorCode: (r.error_code as string | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null,
    errorStack: (r.error_stack as string | null) ?? null,
    waitMs: num(r.wait_ms),
    wallMs: num(r.wall_ms),
    cpuMs: num(r.cpu_ms),
    peakMemBytes: num(r.peak_mem_bytes),
  };
}

export function rowToFinishedAttempt(r: Row): FinishedAttempt {
  return {
    jobId: Number(r.job_id),
    task: r.task as string,
    queue: r.queue as string,
    attempt: Number(r.attempt),
    outcome: r.outcome as Attempt['outcome'],
    startedAt: Number(r.started_at),
    endedAt: Number(r.ended_at),
    waitMs: num(r.wait_ms),
    wallMs: num(r.wall_ms),
    cpuMs: num(r.cpu_ms),
    peakMemBytes: num(r.peak_mem_bytes),
  };
}

export function rowToResult(r: Row): StoredResult {
  return {
    sha256: r.sha256 as string,
    bytes: r.bytes as Buffer,
    contentType: r.content_type as string,
    size: Number(r.size),
    createdAt: Number(r.created_at),
  };
}

export function rowToQueueConfig(r: Row): QueueConfig {
  return {
    queue: r.queue as string,
    paused: Boolean(r.paused),
    maxDepth: num(r.max_depth),
    publicResults: Boolean(r.public_results),
  };
}

export function rowToToken(r: Row): ApiToken {
  return {
    id: r.id as string,
    name: r.name as string,
    hash: r.hash as string,
    scopes: json(r.scopes) as string[],
    createdAt: Number(r.created_at),
    revokedAt: num(r.revoked_at),
  };
}

export function emptyCounts(): Record<JobState, number> {
  return { scheduled: 0, queued: 0, running: 0, retrying: 0, succeeded: 0, dead: 0, cancelled: 0 };
}

/** Per-queue stats accumulator shared by both stores' stats(): `entry(q)` creates a zeroed row on first use. */
export function statsAccumulator() {
  const byQueue = new Map<string, QueueStats>();
  const entry = (queue: string) => {
    let s = byQueue.get(queue);
    if (!s) {
      s = { queue, paused: false, counts: emptyCounts(), oldestQueuedAt: null };
      byQueue.set(queue, s);
    }
    return s;
  };
  const sorted = () => [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
  return { entry, sorted };
}
