import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { cli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-cli-'));
let n = 0;
const freshStore = () => `sqlite:${join(dir, `cli${n++}.db`)}`;

async function countJobs(url: string) {
  const s = await openStore(url);
  try {
    return (await s.list({ limit: 1000 })).jobs.length;
  } finally {
    await s.close();
  }
}

// Each test spawns the CLI a dozen times (node + tsx, ~1 s each on a busy 2-core box): a budget for that, not a speed claim.
describe('corebound CLI', { timeout: 120_000 }, () => {
  it('enqueues, is idempotent by key, and shows status, jobs, cancel and retry', async () => {
    const store = freshStore();
    const a = await cli(['enqueue', 'sim', '--input', '{"n":1}', '--key', 'k', '--json', '--store', store]);
    expect(a.code).toBe(0);
    const first = JSON.parse(a.stdout);
    expect(first).toMatchObject({ state: 'queued', created: true });
    const b = await cli(['enqueue', 'sim', '--input', '{"n":2}', '--key', 'k', '--json', '--store', store]);
    expect(JSON.parse(b.stdout)).toMatchObject({ id: first.id, created: false });

    const status = await cli(['status', String(first.id), '--json', '--store', store]);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: first.id, task: 'sim', input: { n: 1 }, attempts: [] });
    const human = await cli(['status', String(first.id), '--store', store]);
    expect(human.stdout).toContain(`job ${first.id}  queued`);

    expect((await cli(['cancel', String(first.id), '--store', store])).stdout).toContain('cancelled');
    expect((await cli(['retry', String(first.id), '--json', '--store', store])).stdout).toContain('"queued"');
    const jobs = JSON.parse((await cli(['jobs', '--json', '--state', 'queued', '--store', store])).stdout);
    expect(jobs.jobs.map((j: { id: number }) => j.id)).toEqual([first.id]);
  });

  it('enqueues NDJSON in bulk from a file and from stdin', async () => {
    const store = freshStore();
    const file = join(dir, 'in.ndjson');
    writeFileSync(file, `${Array.from({ length: 2500 }, (_, i) => JSON.stringify({ i })).join('\n')}\n`);
    const r = await cli(['enqueue', 'sim', '--input-file', file, '--store', store]);
    expect(r.stdout.trim()).toBe('enqueued 2500 jobs');
    const s = await cli(['enqueue', 'sim', '--input-file', '-', '--json', '--store', store], { input: '{"a":1}\n\n{"a":2}\n' });
    expect(JSON.parse(s.stdout)).toEqual({ enqueued: 2, lines: 2 });
  });

  it('refuses bad input with a coded one-line error, a non-zero exit, and nothing stored', async () => {
    const store = freshStore();
    const cases: [string[], string, number, string?][] = [
      [['enqueue', 'sim', '--input', '{nope'], 'CB_INVALID_JSON', 2],
      // (argv cannot carry 1 MiB, so the oversized payload comes on stdin)
      [['enqueue', 'sim', '--input-file', '-'], 'CB_PAYLOAD_TOO_LARGE', 2, `${JSON.stringify('x'.repeat(1024 * 1024 + 10))}\n`],
      [['enqueue', 'bad name', '--input', '{}'], 'CB_INVALID_INPUT', 2],
      [['enqueue', 'sim', '--delay', 'soon'], 'CB_INVALID_OPTION', 2],
      [['enqueue', 'sim', '--priority', '1.5'], 'CB_INVALID_OPTION', 2],
      [['enqueue', 'sim', '--input-file', '-'], 'CB_INVALID_JSON', 2, '{"ok":1}\n{"broken"\n'],
      [['status', '12345'], 'CB_NOT_FOUND', 3],
      [['status', 'abc'], 'CB_INVALID_OPTION', 2],
      [['jobs', '--state', 'sleeping'], 'CB_INVALID_OPTION', 2],
      [['frobnicate'], 'CB_INVALID_OPTION', 2],
      [['worker', '--tasks', '.', '--lookahead', 'soon'], 'CB_INVALID_OPTION', 2],
      // A bare number would be milliseconds: a 30 ms grace aborts every job at drain.
      [['worker', '--tasks', '.', '--grace', '30'], 'CB_INVALID_OPTION', 2],
      // Longer than a timer can wait: it would fire at once.
      [['worker', '--tasks', '.', '--lease', '30d'], 'CB_INVALID_OPTION', 2],
      [['enqueue', 'sim', '--timeout', '10'], 'CB_INVALID_OPTION', 2],
    ];
    for (const [args, code, exit, input] of cases) {
      const r = await cli([...args, '--store', store], input !== undefined ? { input } : {});
      expect(r.code, args.join(' ')).toBe(exit);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^corebound: ${code}: `));
    }
    const bulk = await cli(['enqueue', 'sim', '--input-file', '-', '--store', store], { input: '{"ok":1}\n{"broken"\n' });
    expect(bulk.stderr).toContain('line 2');
    expect(await countJobs(store)).toBe(0);
  });

  it('validates against task definitions when given --tasks', async () => {
    const store = freshStore();
    const tasks = join(import.meta.dirname, '../../src/demo/tasks');
    const unknown = await cli(['enqueue', 'nope', '--input', '{}', '--tasks', tasks, '--store', store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/CB_UNKNOWN_TASK.*asian-shard/);
    const invalid = await cli(['enqueue', 'asian-shard', '--input', '{"seed":-1}', '--tasks', tasks, '--store', store]);
    expect(invalid.stderr).toMatch(/CB_INVALID_INPUT.*input\.seed/);
    // In bulk, a line that fails the task's schema past the first batch of 1,000 still stores nothing.
    const shard = { paths: 10, spot: 100, strike: 100, rate: 0.01, volatility: 0.2, years: 1, steps: 4 };
    const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ ...shard, seed: i === 1199 ? -1 : i }));
    const bulk = await cli(['enqueue', 'asian-shard', '--input-file', '-', '--tasks', tasks, '--store', store], { input: `${lines.join('\n')}\n` });
    expect(bulk.code).toBe(2);
    expect(bulk.stderr).toMatch(/^corebound: CB_INVALID_INPUT: line 1200: .*input\.seed/);
    expect(await countJobs(store)).toBe(0);
  });

  it('sets queue admission depth and public results, pauses and resumes', async () => {
    const store = freshStore();
    const set = await cli(['queue', 'set', 'render', '--max-depth', '50', '--public-results', 'true', '--json', '--store', store]);
    expect(JSON.parse(set.stdout)).toEqual({ queue: 'render', paused: false, maxDepth: 50, publicResults: true });
    expect((await cli(['queue', 'pause', 'render', '--store', store])).stdout).toContain('paused');
    const s = await openStore(store);
    expect(await s.queueConfigs()).toEqual([{ queue: 'render', paused: true, maxDepth: 50, publicResults: true }]);
    await s.close();
    const bad = await cli(['queue', 'set', 'render', '--max-depth', '0', '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^corebound: CB_INVALID_OPTION: --max-depth/);
    // A name the API would refuse is refused here too, and no row is written for it.
    for (const args of [['pause', 'a b/!'], ['set', '', '--max-depth', '5']]) {
      const r = await cli(['queue', ...args, '--store', store]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^corebound: CB_INVALID_OPTION: invalid queue name/);
    }
    const after = await openStore(store);
    expect((await after.queueConfigs()).map((c) => c.queue)).toEqual(['render']);
    await after.close();
  });

  it('says clearly when the database file is not a database', async () => {
    const bad = join(dir, 'corrupt.db');
    writeFileSync(bad, 'this is not sqlite '.repeat(100));
    const r = await cli(['jobs', '--store', `sqlite:${bad}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^corebound: CB_STORE_CORRUPT: .*corrupt\.db/);
  });
});
