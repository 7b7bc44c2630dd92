export const pgMigrations = [
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
];
//# sourceMappingURL=migrations.js.map