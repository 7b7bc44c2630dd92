/**
 * Crash recovery at default settings: a node (its own process) runs a long
 * job; we SIGKILL the node and start another; how long until the job is
 * running again? Bounded by lease (15 s) + one rescue pass. Target ≤ 2 × lease.
 *   node --import tsx bench/crash-recovery.ts [--store sqlite|postgres] [--runs 2]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.js';

const argv = process.argv;
const kind = argv.includes('--store') ? argv[argv.indexOf('--store') + 1] : 'sqlite';
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 2;
const BIN = fileURLToPath(new URL('../bin/corebound.mjs', import.meta.url));
const TASKS = fileURLToPath(new URL('./tasks', import.meta.url));

let url: string;
let dir: string | null = null;
if (kind === 'postgres') {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  url = `${base}${base.includes('?') ? '&' : '?'}schema=bench_crash_${process.pid}`;
} else {
  dir = mkdtempSync(join(tmpdir(), 'cb-crash-'));
  url = `sqlite:${join(dir, 'crash.db')}`;
}

const node = (): ChildProcess =>
  spawn(process.execPath, [BIN, 'worker', '--tasks', TASKS, '--store', url, '--workers', '1', '--quiet'], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
const until = async (cond: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
};

const store = await openStore(url);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const [{ job }] = await store.enqueue([{ task: 'exp-burn', input: { ms: 120_000 }, timeoutMs: 600_000 }]);
  const a = node();
  if (!(await until(async () => (await store.get(job.id))?.state === 'running', 60_000))) throw new Error('job never started');
  await new Promise((r) => setTimeout(r, 500));
  a.kill('SIGKILL');
  const killedAt = Date.now();
  const b = node();
  const ok = await until(async () => (await store.attempts(job.id)).some((x) => x.attempt === 2), 60_000);
  const started = (await store.attempts(job.id)).find((x) => x.attempt === 2)?.startedAt;
  if (!ok || !started) throw new Error('job was not re-run within 60 s');
  times.push(started - killedAt);
  console.log(`run ${i + 1}: SIGKILL → running again on another node in ${((started - killedAt) / 1000).toFixed(2)} s`);
  await store.cancel(job.id);
  b.kill('SIGKILL');
}
await store.close();
if (dir) rmSync(dir, { recursive: true, force: true });
if (kind === 'postgres') {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS bench_crash_${process.pid} CASCADE`);
  await c.end();
}
const max = Math.max(...times);
console.log(JSON.stringify({ bench: 'crash-recovery', store: kind, leaseMs: 15_000, recoveryMs: times, maxMs: max, withinTwoLeases: max <= 30_000 }));
