/**
 * No-op throughput and idle enqueue-to-start latency through the real
 * runtime (supervisor + worker threads) on a SQLite file: issue 3's targets
 * (≥ 20,000 jobs/s, p99 ≤ 2 ms).
 *
 *   node --import tsx bench/noop-throughput.ts [--jobs 20000] [--runs 3] [--latency 500]
 *        [--workers N] [--modes full,normal] [--gap-ms 10]
 *
 * Throughput: a node with N workers (default: every core) runs a warm-up, its
 * queue is paused, `--jobs` no-op jobs are enqueued, and the clock starts when
 * the queue is resumed. It stops when the node has had every completion
 * acknowledged by the store (so, under sync=full, fsynced). Each mode gets a
 * fresh file and node; `--runs` repeats and reports min/median/max.
 *
 * Latency: on an idle node, `--latency` single enqueues one at a time, each
 * after a random gap of 0..gap-ms. Measured from just before store.enqueue()
 * (which includes the enqueue's own commit, fsynced under full) to the moment
 * the task starts inside the worker thread: the noop task returns
 * performance.timeOrigin + performance.now() taken there (wall-clock based in
 * every thread, see bench/lib/time.mjs), read back from the stored result
 * after the job finished. Samples that start before their enqueue began would
 * mean clock skew between threads and are counted in `skewed`.
 *
 * Modes: full (the default durability), normal (?sync=normal), memory
 * (SQLite ':memory:': the SQL without the file), fake (bench/lib/fake-store.ts,
 * jobs in a JS array: the runtime's own ceiling; throughput only), pg
 * (PostgreSQL at DATABASE_URL, a schema per run, dropped afterwards; with
 * the database on this machine, the CPU of its processes is reported per job
 * too, from /proc; ANALYZEd
 * after the bulk load, as autovacuum would soon do).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadCpuNs } from '../src/runtime/thread-cpu.js';
import { startNode } from '../src/runtime/start-node.js';
import type { Node } from '../src/runtime/supervisor.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { fakeStore } from './lib/fake-store.js';
import { serverCpuMs } from './lib/server-cpu.js';

const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Mode = 'full' | 'normal' | 'memory' | 'fake' | 'pg';
const argv = process.argv;
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1] : dflt;
};
const jobs = Number(arg('jobs', '20000'));
const runs = Number(arg('runs', '3'));
const latencyN = Number(arg('latency', '500'));
const gapMs = Number(arg('gap-ms', '10'));
const workers = Number(arg('workers', String(availableParallelism())));
const modes = arg('modes', 'full,normal').split(',') as Mode[];
const tasksDir = fileURLToPath(new URL('./corebound-tasks/', import.meta.url));
const QUEUE = 'noop';
const dir = mkdtempSync(join(tmpdir(), 'cb-noop-'));
let files = 0;

const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openStore(mode: Mode): Promise<Store> {
  if (mode === 'fake') return fakeStore();
  if (mode === 'pg') {
    const { openPostgresStore } = await import('../src/store/postgres/index.js');
    return openPostgresStore(`${pgUrl}?schema=cb_noop_${process.pid}_${files++}`);
  }
  const path = mode === 'memory' ? ':memory:' : join(dir, `n${files++}.db`);
  return new SqliteStore(path, { durability: mode === 'normal' ? 'normal' : 'full' });
}

async function open(mode: Mode): Promise<{ store: Store; node: Node }> {
  const store = await openStore(mode);
  await store.migrate();
  const maintenance = mode === 'fake' ? false : undefined;
  const node = await startNode({ store, tasksDir, workers, queues: [QUEUE], maintenance });
  return { store, node };
}

async function close({ store, node }: { store: Store; node: Node }) {
  await node.drain();
  if (store.kind === 'postgres') {
    const pg = store as unknown as { pool: { query(q: string): Promise<unknown> }; schema: string };
    await pg.pool.query(`DROP SCHEMA "${pg.schema}" CASCADE`);
  }
  await store.close();
}

/** What autovacuum would do soon after a bulk load; without statistics the claim plan sorts the whole backlog. */
async function analyze(store: Store) {
  if (store.kind !== 'postgres') return;
  const pg = store as unknown as { pool: { query(q: string): Promise<unknown> }; schema: string };
  await pg.pool.query(`ANALYZE "${pg.schema}".jobs`);
}

async function enqueueMany(store: Store, n: number) {
  for (let done = 0; done < n; ) {
    const k = Math.min(10_000, n - done);
    await store.enqueue(Array.from({ length: k }, (_, i) => ({ task: 'noop', input: { i: done + i } })));
    done += k;
  }
}

async function waitSucceeded(node: Node, target: number, timeoutMs = 300_000) {
  const deadline = performance.now() + timeoutMs;
  while (node.stats().counts.succeeded < target) {
    if (performance.now() > deadline) throw new Error(`timed out: ${node.stats().counts.succeeded}/${target}`);
    await sleep(1);
  }
}

interface Run {
  rate: number;
  /** CPU time per job of the main thread (supervisor + store) and of the whole process: less sensitive to load than the rate. */
  mainUs: number;
  processUs: number;
  /** pg mode, with the database on this machine: CPU of every postgres process per job (null otherwise). */
  serverUs: number | null;
}

const processCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function throughput(mode: Mode): Promise<Run> {
  const h = await open(mode);
  const warm = 2000;
  await enqueueMany(h.store, warm);
  await waitSucceeded(h.node, warm);
  await h.store.pauseQueue(QUEUE);
  await enqueueMany(h.store, jobs);
  await analyze(h.store);
  const [t0, main0, proc0] = [performance.now(), threadCpuNs(), processCpuUs()];
  const server0 = mode === 'pg' ? serverCpuMs('postgres') : null;
  await h.store.resumeQueue(QUEUE);
  await waitSucceeded(h.node, warm + jobs);
  const rate = jobs / ((performance.now() - t0) / 1000);
  const mainUs = (threadCpuNs() - main0) / 1000 / jobs;
  const processUs = (processCpuUs() - proc0) / jobs;
  const server1 = server0 === null ? null : serverCpuMs('postgres');
  const serverUs = server0 === null || server1 === null ? null : ((server1 - server0) * 1000) / jobs;
  const s = (await h.store.stats()).find((q) => q.queue === QUEUE);
  if (s?.counts.succeeded !== warm + jobs || s.counts.running || s.counts.queued) {
    throw new Error(`store disagrees: ${JSON.stringify(s?.counts)}`);
  }
  await close(h);
  return { rate, mainUs, processUs, serverUs };
}

async function latency(mode: Mode) {
  const h = await open(mode);
  const seen = new Map<number, () => void>();
  const done = new Set<number>();
  h.node.on('attempt', (e: { job: { id: number }; outcome: string }) => {
    done.add(e.job.id);
    seen.get(e.job.id)?.();
  });
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const startLat: number[] = [];
  const enqLat: number[] = [];
  let skewed = 0;
  for (let seq = -20; seq < latencyN; seq++) {
    await sleep(random() * gapMs);
    const t0 = nowMs();
    const [{ job }] = await h.store.enqueue([{ task: 'noop', input: { seq } }]);
    const t1 = nowMs();
    if (!done.has(job.id)) await new Promise<void>((r) => seen.set(job.id, r));
    seen.delete(job.id);
    const sha = (await h.store.get(job.id))?.resultSha;
    const res = sha ? await h.store.getResult(sha) : null;
    if (!res) throw new Error(`job ${job.id} has no result`);
    const startedAt = JSON.parse(res.bytes.toString()).startedAt as number;
    if (seq < 0) continue; // warm-up
    if (startedAt < t0) skewed++;
    startLat.push(startedAt - t0);
    enqLat.push(t1 - t0);
  }
  await close(h);
  return { start: summarize(startLat), enqueueCall: summarize(enqLat), skewed };
}

function summarize(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50: r(q(0.5)), p90: r(q(0.9)), p99: r(q(0.99)), max: r(s[s.length - 1]) };
}

const stat = (xs: number[], digits = 0) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]), runs: xs.map(r) };
};

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const results: Record<string, unknown> = {};
const loadBefore = load();
for (const mode of modes) {
  const rs: Run[] = [];
  for (let r = 0; r < runs; r++) rs.push(await throughput(mode));
  const out = {
    jobsPerSec: stat(rs.map((r) => r.rate)),
    mainCpuUsPerJob: stat(rs.map((r) => r.mainUs), 1),
    processCpuUsPerJob: stat(rs.map((r) => r.processUs), 1),
    ...(mode === 'pg' ? { postgresCpuUsPerJob: stat(rs.map((r) => r.serverUs ?? Number.NaN)) } : {}),
  };
  results[`throughput_${mode}`] = out;
  console.log(`no-op throughput, sync=${mode}, ${workers} workers, ${jobs} jobs: ${JSON.stringify(out.jobsPerSec)} jobs/s`);
  console.log(`  CPU per job: main thread ${JSON.stringify(out.mainCpuUsPerJob)} µs, process ${JSON.stringify(out.processCpuUsPerJob)} µs`);
  if (out.postgresCpuUsPerJob) console.log(`  PostgreSQL processes on this machine, CPU per job: ${JSON.stringify(out.postgresCpuUsPerJob)} µs`);
}
for (const mode of modes) {
  if (latencyN <= 0) break;
  if (mode === 'fake') continue; // keeps no results to read the start time from
  const l = await latency(mode);
  results[`latency_${mode}`] = l;
  console.log(`idle enqueue-to-start, sync=${mode}: ${JSON.stringify(l.start)} ms (enqueue call ${JSON.stringify(l.enqueueCall)}; skewed ${l.skewed})`);
}
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({ bench: 'noop-throughput', jobs, runs, workers, latencySamples: latencyN, gapMs, loadavg: { before: loadBefore, after: load() }, results }),
);
