import type Database from 'better-sqlite3';

/**
 * Numbered migrations; each runs once, in order, inside one transaction, and
 * is recorded in `migrations`. Never edit a shipped migration: add the next one.
 *
 * Index notes (claim cost must not grow with finished or scheduled rows):
 * partial indexes cover exactly the rows each hot query reads, so a million
 * finished or scheduled jobs add nothing to a claim's index walk.
 */
export const migrations: { name: string; sql?: string; run?: (db: Database.Database) => void }[] = [
  {
    name: '001_init',
    sql: `
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  task TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('scheduled','queued','running','retrying','succeeded','dead','cancelled')),
  input TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  crashes INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  max_crashes INTEGER NOT NULL,
  timeout_ms INTEGER NOT NULL,
  idem_key TEXT,
  parent_id INTEGER,
  group_id TEXT,
  lease_seq INTEGER NOT NULL DEFAULT 0,
  lease_token INTEGER,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  progress REAL,
  progress_message TEXT,
  checkpoint TEXT,
  result_sha TEXT,
  last_error TEXT,
  dead_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  traceparent TEXT,
  cpu_ms REAL NOT NULL DEFAULT 0,
  wall_ms REAL NOT NULL DEFAULT 0
);
CREATE INDEX jobs_claim ON jobs (queue, priority, run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('scheduled', 'retrying');
CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('succeeded', 'dead', 'cancelled');
CREATE UNIQUE INDEX jobs_idem ON jobs (queue, idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX jobs_state_id ON jobs (state, id);
CREATE INDEX jobs_queue_id ON jobs (queue, id);
CREATE INDEX jobs_result ON jobs (result_sha) WHERE result_sha IS NOT NULL;

CREATE TABLE attempts (
  job_id INTEGER NOT NULL,
  token INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  worker_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  outcome TEXT NOT NULL,
  error_code TEXT,
  error_message TEXT,
  error_stack TEXT,
  wait_ms REAL,
  wall_ms REAL,
  cpu_ms REAL,
  peak_mem_bytes INTEGER,
  PRIMARY KEY (job_id, token)
) WITHOUT ROWID;
CREATE INDEX attempts_ended ON attempts (ended_at) WHERE ended_at IS NOT NULL;

CREATE TABLE results (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE queues (
  queue TEXT PRIMARY KEY,
  paused INTEGER NOT NULL DEFAULT 0,
  max_depth INTEGER,
  public_results INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
`,
  },
  {
    // stats() counts per (queue, state) from this index, capped, so a stats
    // snapshot costs O(live jobs), not O(every retained finished job).
    name: '002_queue_state_index',
    sql: `CREATE INDEX jobs_queue_state ON jobs (queue, state);`,
  },
  {
    // Each index a job's state changes touch costs CPU and, more, a WAL page
    // per commit; a node's commit (a completion plus the next claim) wrote ~16
    // pages. Two did not earn their keep on that path (measured together: ~15%
    // less CPU per claim + complete on a file):
    // - jobs_lease: every claim inserted, every completion deleted and every
    //   heartbeat moved an entry, yet the planner serves the rescue query from
    //   jobs_state_id (state = 'running'), whose running rows are few.
    // - jobs_queue_state covered queued and running rows, so a job moved in it
    //   at claim and again at completion. stats() counts queued jobs from
    //   jobs_claim and running ones from jobs_state_id instead; the rest keep
    //   a partial index that a job enters once, when it finishes or waits.
    name: '003_hot_path_indexes',
    sql: `
DROP INDEX IF EXISTS jobs_lease;
DROP INDEX IF EXISTS jobs_queue_state;
CREATE INDEX jobs_queue_done ON jobs (queue, state) WHERE state NOT IN ('queued', 'running');
`,
  },
  {
    // Two writes per job fewer on the hot path (the settle path measured before and
    // after in docs/benchmarks.md, 2026-12-04 evening):
    // - A small result (up to INLINE_RESULT_BYTES) lives in its job's row, written
    //   by the completion that rewrites the row anyway. A results row keyed by
    //   SHA-256 lands on a random page of its index, so a settle of 50 small
    //   results dirtied ~50 pages; big results still go to results.
    // - An attempt's row is written once, when it ends; while it runs, the job
    //   row (attempt, lease_token, lease_owner, started_at) is its record. The
    //   open rows this deletes are rebuilt from their jobs the same way.
    // - Lookups by result address use a 12-hex-digit prefix of it (every query
    //   then compares the whole address): entries a fifth of the size make the
    //   random insert each completion does into this index ~7 µs cheaper.
    name: '004_inline_results_attempt_once',
    sql: `
ALTER TABLE jobs ADD COLUMN result_bytes BLOB;
ALTER TABLE jobs ADD COLUMN result_type TEXT;
DELETE FROM attempts WHERE ended_at IS NULL;
DROP INDEX jobs_result;
CREATE INDEX jobs_result_prefix ON jobs (substr(result_sha, 1, 12)) WHERE result_sha IS NOT NULL;
`,
  },
  {
    // A succeeded attempt is recorded in its job's row (att_* columns, with
    // attempt, lease_seq as its token, started_at and finished_at), not in
    // attempts: a success is the common end of a job and its row is
    // rewritten by the completion anyway, so each job is one insert into
    // attempts and its index lighter (~6 µs of a no-op job's ~50 µs of main
    // thread). Failures, releases, timeouts and rescues keep their rows.
    // Readers union the job row in when att_worker is set, so successes
    // recorded by an earlier release (a row in attempts, no att_worker) are
    // read once.
    name: '005_success_in_job_row',
    sql: `
ALTER TABLE jobs ADD COLUMN att_worker TEXT;
ALTER TABLE jobs ADD COLUMN att_wait_ms REAL;
ALTER TABLE jobs ADD COLUMN att_wall_ms REAL;
ALTER TABLE jobs ADD COLUMN att_cpu_ms REAL;
ALTER TABLE jobs ADD COLUMN att_peak_mem_bytes INTEGER;
`,
  },
  {
    // SQLite evaluates an IN list of three or more constants by building a
    // temporary B-tree, each time a statement runs: the state CHECK and the
    // jobs_finished predicate (tested on the old and the new row) built
    // three per claim, per completion and per enqueue, ~16% and ~10% of the
    // settle path's CPU (measured in one process, alternating). The same
    // tests written as OR chains or as `finished_at IS NOT NULL` (set
    // exactly in the final states) build none. A CHECK cannot be altered,
    // so the table is rebuilt (SQLite's documented procedure: new table,
    // copy, drop, rename, indexes), ids and every column kept.
    name: '006_no_in_lists_on_writes',
    sql: `
CREATE TABLE jobs_006 (
  id INTEGER PRIMARY KEY,
  task TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state = 'scheduled' OR state = 'queued' OR state = 'running' OR state = 'retrying'
    OR state = 'succeeded' OR state = 'dead' OR state = 'cancelled'),
  input TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  crashes INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  max_crashes INTEGER NOT NULL,
  timeout_ms INTEGER NOT NULL,
  idem_key TEXT,
  parent_id INTEGER,
  group_id TEXT,
  lease_seq INTEGER NOT NULL DEFAULT 0,
  lease_token INTEGER,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  progress REAL,
  progress_message TEXT,
  checkpoint TEXT,
  result_sha TEXT,
  last_error TEXT,
  dead_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  traceparent TEXT,
  cpu_ms REAL NOT NULL DEFAULT 0,
  wall_ms REAL NOT NULL DEFAULT 0,
  result_bytes BLOB,
  result_type TEXT,
  att_worker TEXT,
  att_wait_ms REAL,
  att_wall_ms REAL,
  att_cpu_ms REAL,
  att_peak_mem_bytes INTEGER
);
INSERT INTO jobs_006 (id, task, queue, state, input, priority, run_at, created_at, updated_at, attempt, errors, crashes, max_attempts, max_crashes, timeout_ms, idem_key, parent_id, group_id, lease_seq, lease_token, lease_owner, lease_expires_at, started_at, finished_at, progress, progress_message, checkpoint, result_sha, last_error, dead_reason, version, traceparent, cpu_ms, wall_ms, result_bytes, result_type, att_worker, att_wait_ms, att_wall_ms, att_cpu_ms, att_peak_mem_bytes)
  SELECT id, task, queue, state, input, priority, run_at, created_at, updated_at, attempt, errors, crashes, max_attempts, max_crashes, timeout_ms, idem_key, parent_id, group_id, lease_seq, lease_token, lease_owner, lease_expires_at, started_at, finished_at, progress, progress_message, checkpoint, result_sha, last_error, dead_reason, version, traceparent, cpu_ms, wall_ms, result_bytes, result_type, att_worker, att_wait_ms, att_wall_ms, att_cpu_ms, att_peak_mem_bytes FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_006 RENAME TO jobs;
CREATE INDEX jobs_claim ON jobs (queue, priority, run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('scheduled', 'retrying');
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE UNIQUE INDEX jobs_idem ON jobs (queue, idem_key) WHERE idem_key IS NOT NULL;
CREATE INDEX jobs_queue_done ON jobs (queue, state) WHERE state NOT IN ('queued', 'running');
CREATE INDEX jobs_queue_id ON jobs (queue, id);
CREATE INDEX jobs_result_prefix ON jobs (substr(result_sha, 1, 12)) WHERE result_sha IS NOT NULL;
CREATE INDEX jobs_state_id ON jobs (state, id);
`,
  },
  {
    // SQLite gives a new row max(id) + 1 unless the key is AUTOINCREMENT, so
    // once pruning had removed the newest jobs (a queue idle for longer than
    // the retention), new jobs took the ids of pruned ones and a client
    // holding an old id read someone else's job. PostgreSQL's sequence never
    // goes back. The table is rebuilt from its own schema with the key made
    // AUTOINCREMENT (copying explicit ids seeds sqlite_sequence); ids, columns
    // and indexes are kept.
    name: '007_job_ids_never_reused',
    run: (db) => {
      const table = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get() as { sql: string }).sql;
      const indexes = (
        db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL").all() as { sql: string }[]
      ).map((r) => r.sql);
      const create = table
        .replace(/^CREATE TABLE "?jobs"?/, 'CREATE TABLE jobs_007')
        .replace('id INTEGER PRIMARY KEY,', 'id INTEGER PRIMARY KEY AUTOINCREMENT,');
      if (!create.startsWith('CREATE TABLE jobs_007') || !create.includes('AUTOINCREMENT')) {
        throw new Error(`migration 007: unexpected jobs schema: ${table.slice(0, 80)}`);
      }
      db.exec(create);
      db.exec('INSERT INTO jobs_007 SELECT * FROM jobs; DROP TABLE jobs; ALTER TABLE jobs_007 RENAME TO jobs;');
      for (const sql of indexes) db.exec(sql);
    },
  },
];
