import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runStoreConformance } from './suite.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-conf-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A real file (not :memory:) so WAL and the file paths are exercised.
runStoreConformance('sqlite', async (clock) => {
  const store = new SqliteStore(join(dir, `s${n++}.db`), { clock });
  await store.migrate();
  return store;
});
