/**
 * Numbered migrations for the PostgreSQL store; each runs once, in order, in
 * its own transaction, recorded in `<schema>.migrations`. `s` is the quoted
 * schema name. Never edit a shipped migration: add the next one.
 *
 * Same column names as the SQLite schema (rows.ts maps both), ms-epoch bigint
 * timestamps. Vacuum and index notes:
 * - Every hot query reads one partial index that holds exactly the rows it
 *   wants (queued / due / running / finished), so claim cost does not grow
 *   with scheduled or finished rows, nor with another queue's backlog
 *   (jobs_claim leads with queue; claims walk it per queue).
 * - Heartbeats touch only unindexed columns (lease_expires_at is deliberately
 *   not indexed: running jobs are few, found through jobs_running), so with
 *   fillfactor 85 they are HOT updates that add no index entries.
 * - jobs_running is for finding running jobs (rescue, counts, listings).
 *   Batches of leases find their rows by primary key instead (sql/common.ts
 *   FENCE): the index keeps an entry for every job that ran since the last
 *   vacuum.
 * - Finished jobs are deleted in batches by prune (jobs_finished); autovacuum
 *   then reclaims them. Aggressive per-table autovacuum settings keep dead
 *   tuples from the claim/complete churn from piling up between passes.
 */
export interface PgMigration {
  name: string;
  sql: (s: string) => string;
}

export const pgMigrations: PgMigration[] = [
  {
    name: '001_init',
    sql: (s) => `
CREATE TABLE ${s}.jobs (
  id bigserial PRIMARY KEY,
  task text NOT NULL,
  queue text NOT NULL,
  state text NOT NULL CHECK (state IN ('scheduled','queued','running','retrying','succeeded','dead','cancelled')),
  input json NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  run_at bigint NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  attempt integer NOT NULL DEFAULT 0,
  errors integer NOT NULL DEFAULT 0,
  crashes integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  max_crashes integer NOT NULL,
  timeout_ms bigint NOT NULL,
  idem_key text,
  parent_id bigint,
  group_id text,
  lease_seq bigint NOT NULL DEFAULT 0,
  lease_token bigint,
  lease_owner text,
  lease_expires_at bigint,
  started_at bigint,
  finished_at bigint,
  progress double precision,
  progress_message text,
  checkpoint json,
  result_sha text,
  last_error json,
  dead_reason text,
  version integer NOT NULL DEFAULT 1,
  traceparent text,
  cpu_ms double precision NOT NULL DEFAULT 0,
  wall_ms double precision NOT NULL DEFAULT 0
) WITH (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
CREATE INDEX jobs_claim ON ${s}.jobs (queue, priority, run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_due ON ${s}.jobs (run_at) WHERE state IN ('scheduled', 'retrying');
CREATE INDEX jobs_running ON ${s}.jobs (id) WHERE state = 'running';
CREATE INDEX jobs_finished ON ${s}.jobs (finished_at) WHERE state IN ('succeeded', 'dead', 'cancelled');
CREATE UNIQUE INDEX jobs_idem ON ${s}.jobs (queue, idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX jobs_state_id ON ${s}.jobs (state, id);
CREATE INDEX jobs_queue_id ON ${s}.jobs (queue, id);
CREATE INDEX jobs_result ON ${s}.jobs (result_sha) WHERE result_sha IS NOT NULL;

CREATE TABLE ${s}.attempts (
  job_id bigint NOT NULL,
  token bigint NOT NULL,
  attempt integer NOT NULL,
  worker_id text NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  outcome text NOT NULL,
  error_code text,
  error_message text,
  error_stack text,
  wait_ms double precision,
  wall_ms double precision,
  cpu_ms double precision,
  peak_mem_bytes bigint,
  PRIMARY KEY (job_id, token)
) WITH (autovacuum_vacuum_scale_factor = 0.05);
CREATE INDEX attempts_ended ON ${s}.attempts (ended_at) WHERE ended_at IS NOT NULL;

-- used_at: bumped whenever a completion reuses the result, so prune never
-- deletes a result that a concurrent completion has just pointed a job at.
CREATE TABLE ${s}.results (
  sha256 text PRIMARY KEY,
  bytes bytea NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  created_at bigint NOT NULL,
  used_at bigint NOT NULL
);

CREATE TABLE ${s}.queues (
  queue text PRIMARY KEY,
  paused boolean NOT NULL DEFAULT false,
  max_depth integer,
  public_results boolean NOT NULL DEFAULT false
);

CREATE TABLE ${s}.api_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  hash text NOT NULL UNIQUE,
  scopes json NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint
);
`,
  },
  {
    // stats() counts each (queue, state) through this index with a cap, so a
    // stats snapshot costs O(queues × states × cap), not a scan of every retained job.
    name: '002_queue_state_index',
    sql: (s) => `CREATE INDEX jobs_queue_state ON ${s}.jobs (queue, state);`,
  },
  {
    // Two writes per job fewer (as SQLite's 004): a result up to
    // INLINE_RESULT_BYTES is written into its job's row by the completion that
    // rewrites the row anyway, and an attempt's row is inserted once, when it
    // ends (the job row is the record of the running one). Each avoided write
    // was a heap tuple plus index entries; the results one a random B-tree page.
    name: '003_inline_results_attempt_once',
    sql: (s) => `
ALTER TABLE ${s}.jobs ADD COLUMN result_bytes bytea, ADD COLUMN result_type text;
DELETE FROM ${s}.attempts WHERE ended_at IS NULL;
`,
  },
  {
    // As SQLite's 005: a succeeded attempt is recorded in its job's row
    // (att_* columns, with attempt, lease_seq as its token, started_at and
    // finished_at) by the completion that rewrites the row anyway, not as an
    // attempts row: one heap tuple and two index entries fewer per job.
    // Readers union the job row in when att_worker is set, so successes an
    // earlier release recorded in attempts are read once.
    name: '004_success_in_job_row',
    sql: (s) => `
ALTER TABLE ${s}.jobs ADD COLUMN att_worker text, ADD COLUMN att_wait_ms double precision,
  ADD COLUMN att_wall_ms double precision, ADD COLUMN att_cpu_ms double precision, ADD COLUMN att_peak_mem_bytes bigint;
`,
  },
  {
    // A claim's new row version got an entry in every index whose predicate
    // it matched: the primary key, jobs_running, and three indexes over all
    // rows (state/id, queue/id, queue/state), each a B-tree insert plus WAL.
    // Running rows are few and are found through jobs_running, so two of
    // those skip them (a claim now adds 3 entries, not 5), and queue/state
    // also skips queued rows, which stats() counts through jobs_claim (an
    // enqueue adds 4, not 5). SQLite's 003 did the same for its store.
    name: '005_hot_path_indexes',
    sql: (s) => `
DROP INDEX ${s}.jobs_state_id;
CREATE INDEX jobs_state_id ON ${s}.jobs (state, id) WHERE state <> 'running';
DROP INDEX ${s}.jobs_queue_state;
CREATE INDEX jobs_queue_done ON ${s}.jobs (queue, state) WHERE state NOT IN ('queued', 'running');
`,
  },
  {
    // A queue's jobs by state and id in one index instead of two (queue/id
    // over every row, queue/state over finished ones), and without running
    // rows: a drained job now adds 7 index entries, not 9 (claim: primary key
    // and jobs_running; completion: primary key, finished, state/id, this one
    // and the result). Listing a queue's jobs without a state merges one walk
    // per state (sql/read.ts), and stats() finds queues by a loose scan of
    // this index plus the queues of running jobs. A drain of 40,000 no-op
    // jobs, alternating with the previous commit: PostgreSQL's CPU per job
    // ~100 → ~82 µs (medians of six runs).
    name: '006_queue_state_id',
    sql: (s) => `
CREATE INDEX jobs_queue_state_id ON ${s}.jobs (queue, state, id) WHERE state <> 'running';
DROP INDEX ${s}.jobs_queue_id;
DROP INDEX ${s}.jobs_queue_done;
`,
  },
  {
    // Statements that act on a lease fence by its token alone (sql/common.ts
    // FENCE): this makes "a token is set exactly while the job runs" a rule of
    // the table rather than of every statement that writes it. Every version
    // has kept it; the UPDATE clears a token a non-running row should never
    // hold, so the check cannot fail on an old row.
    name: '007_lease_while_running',
    sql: (s) => `
UPDATE ${s}.jobs SET lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL
  WHERE state <> 'running' AND lease_token IS NOT NULL;
ALTER TABLE ${s}.jobs ADD CONSTRAINT jobs_lease_while_running CHECK ((state = 'running') = (lease_token IS NOT NULL));
`,
  },
];
