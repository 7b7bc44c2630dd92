import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: every temporary file of a test run (SQLite files, task
 * directories, nginx and PostgreSQL data dirs, spawned nodes' files) goes
 * under one directory, through TMPDIR, which the test workers and the
 * processes they spawn inherit; the directory is removed when the run ends.
 * World-searchable, because the embedded PostgreSQL's data dir lives under it.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'cb-test-run-'));
  chmodSync(root, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
