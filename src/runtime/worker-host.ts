/**
 * Runs inside a worker thread (started through worker-boot.mjs): one job at
 * a time, task modules imported once and cached. Everything the supervisor
 * needs comes back in one `done` message. Uncaught errors are deliberately
 * not caught here: they end the thread and the pool records a crash.
 *
 * The supervisor may send a thread its next jobs while the current one runs
 * (pool.ts); they wait here, in order, and the first starts as soon as the
 * current one is done, without a round trip through the main thread. A
 * queued job starts only if this thread wins its start control word (see
 * RunMsg.at): the main thread may have taken it back meanwhile (to run it on
 * a free thread, or because its lease is gone), and then it is skipped.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { ErrorCodes } from '../core/errors.js';
import type { JobError } from '../core/job.js';
import type { TaskContext, TaskDefinition, TaskLogger } from '../core/task.js';
import type { DoneMsg, FromWorker, RunMsg, ToWorker, WorkerInit } from './protocol.js';
import { importFile, toDefinition } from './task-module.js';
import { threadCpuNs, threadCpuNsWithin, threadSchedstatPath } from './thread-cpu.js';

// A worker thread talks over parentPort; a child process (isolation 'process') over its IPC channel.
const init = (workerData ?? JSON.parse(process.env.COREBOUND_WORKER_INIT ?? '{}')) as WorkerInit;
const post: (m: FromWorker) => void = parentPort
  ? (m) => parentPort!.postMessage(m)
  : (m) => {
      process.send?.(m);
    };
const onMessage = (fn: (m: ToWorker) => void) => (parentPort ? parentPort.on('message', fn) : process.on('message', fn));
if (!parentPort) {
  // The node is gone (even SIGKILLed): a child process must not outlive it.
  process.on('disconnect', () => process.exit(0));
  // A terminal's Ctrl-C and systemd's stop signal the whole process group, children included. The node
  // decides what happens to a running job (drain, release, SIGKILL); dying here would be charged as a crash.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
}

const modules = new Map<string, Promise<TaskDefinition>>();
const checkpoints = new Map<number, { resolve(): void; reject(e: Error): void }>();
let ckptSeq = 0;
/** The running job's abort state. Its AbortController is made when the task first reads ctx.signal: ~4 µs a job otherwise. */
class Running {
  aborted = false;
  private ctrl: AbortController | null = null;
  constructor(readonly id: number) {}
  get signal(): AbortSignal {
    if (!this.ctrl) {
      this.ctrl = new AbortController();
      if (this.aborted) this.ctrl.abort();
    }
    return this.ctrl.signal;
  }
  abort(): void {
    this.aborted = true;
    this.ctrl?.abort();
  }
}
let current: Running | null = null;
const queued: RunMsg[] = [];
let startScheduled = false;
const ctl = init.ctl ? new Int32Array(init.ctl) : null;
/**
 * Thread CPU at the end of the previous job (or at boot). A job's CPU is
 * counted from there: reading the counter precisely costs a getrusage call
 * (thread-cpu.ts), and the thread's time between jobs is receiving this one.
 */
let lastCpuNs = 0;
/** A job's CPU is read exactly when it ran this long, else to within this much (see threadCpuNsWithin). */
const CPU_EXACT_MS = 1;

function loadDefinition(file: string): Promise<TaskDefinition> {
  let p = modules.get(file);
  if (!p) {
    p = importFile(file).then((mod) => toDefinition(mod, file));
    p.catch(() => modules.delete(file));
    modules.set(file, p);
  }
  return p;
}

function heapNow(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

function toJobError(e: unknown, code: string = ErrorCodes.TASK_ERROR): JobError {
  if (e instanceof Error) {
    const stack = e.stack?.slice(0, 4000);
    return { code, message: String(e.message).slice(0, 2000), ...(stack ? { stack } : {}) };
  }
  return { code, message: String(e).slice(0, 2000) };
}

class NonRetryable {
  constructor(readonly error: JobError) {}
}

async function execute(m: RunMsg, ctx: TaskContext, sample: () => void): Promise<string> {
  const def = await loadDefinition(m.file);
  let input = m.input;
  if (def.input) {
    const parsed = await def.input.safeParseAsync(input);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new NonRetryable({ code: ErrorCodes.INVALID_INPUT, message: `invalid input for ${def.name}: ${detail}` });
    }
    input = parsed.data;
  }
  const result = await def.run(input, ctx);
  sample();
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch (e) {
    throw new NonRetryable(toJobError(new Error(`result is not JSON-serializable: ${(e as Error).message}`)));
  }
  json ??= 'null';
  // Cheap pre-check on UTF-16 length before the exact byte count.
  if (json.length * 3 > init.maxResultBytes && Buffer.byteLength(json) > init.maxResultBytes) {
    throw new NonRetryable({
      code: ErrorCodes.RESULT_TOO_LARGE,
      message: `result is ${Buffer.byteLength(json)} bytes; the limit is ${init.maxResultBytes} bytes`,
    });
  }
  return json;
}

function scheduleStart(): void {
  if (startScheduled || current || queued.length === 0) return;
  startScheduled = true;
  setImmediate(() => {
    startScheduled = false;
    while (!current && queued.length > 0) {
      const m = queued.shift()!;
      if (mayStart(m)) void run(m);
    }
  });
}

/** Claims the job's start against the main thread taking it back. */
function mayStart(m: RunMsg): boolean {
  if (!ctl || m.at === undefined || m.tag === undefined) return true;
  return Atomics.compareExchange(ctl, m.at, m.tag, -m.tag) === m.tag;
}

async function run(m: RunMsg): Promise<void> {
  const cpu0 = lastCpuNs;
  const t0 = performance.now();
  let peak = heapNow();
  const sample = () => {
    const h = heapNow();
    if (h > peak) peak = h;
  };
  const running = new Running(m.id);
  current = running;
  const ctx = makeContext(m, running, sample);
  const done: DoneMsg = { t: 'done', id: m.id, ok: true, wallMs: 0, cpuMs: 0, cpuNs: 0, peakMemBytes: 0 };
  try {
    done.json = await execute(m, ctx, sample);
  } catch (e) {
    done.ok = false;
    if (e instanceof NonRetryable) {
      done.error = e.error;
      done.nonRetryable = true;
    } else if (e instanceof Error && e.name === 'NonRetryableError') {
      done.error = toJobError(e, ErrorCodes.NON_RETRYABLE);
      done.nonRetryable = true;
    } else {
      done.error = toJobError(e);
    }
  }
  current = null;
  if (running.aborted) done.aborted = true;
  done.cpuNs = threadCpuNsWithin(CPU_EXACT_MS);
  lastCpuNs = done.cpuNs;
  done.cpuMs = (done.cpuNs - cpu0) / 1e6;
  done.wallMs = performance.now() - t0;
  const heapTotal = getHeapStatistics().total_heap_size;
  done.peakMemBytes = Math.max(peak, heapTotal);
  post(done);
  scheduleStart();
}

function makeContext(m: RunMsg, running: Running, sample: () => void): TaskContext {
  let lastSent = 0;
  let pending: { fraction: number; message?: string } | null = null;
  let trailing = false;
  const flush = () => {
    trailing = false;
    if (!pending || current?.id !== m.id) return;
    lastSent = performance.now();
    post({ t: 'progress', id: m.id, ...pending });
    pending = null;
  };
  return {
    id: m.id,
    attempt: m.attempt,
    get signal() {
      return running.signal;
    },
    checkpointState: m.checkpoint ?? undefined,
    progress(fraction, message) {
      const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
      pending = message === undefined ? { fraction: f } : { fraction: f, message: String(message).slice(0, 500) };
      // Blocking tasks never yield to timers, so a due update is sent inline.
      if (performance.now() - lastSent >= init.progressEveryMs) flush();
      else if (!trailing) {
        trailing = true;
        setTimeout(flush, init.progressEveryMs);
      }
      sample();
    },
    checkpoint(state) {
      sample();
      return new Promise<void>((resolve, reject) => {
        const seq = ++ckptSeq;
        checkpoints.set(seq, { resolve, reject });
        try {
          post({ t: 'ckpt', id: m.id, seq, state });
        } catch (e) {
          checkpoints.delete(seq);
          reject(e);
        }
      });
    },
    log: makeLogger(m.id),
  };
}

function makeLogger(id: number): TaskLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, fields?: Record<string, unknown>) => {
      try {
        post({ t: 'log', id, level, msg: String(msg), fields });
      } catch {
        post({ t: 'log', id, level, msg: String(msg), fields: { fields: String(fields) } });
      }
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function receive(m: ToWorker): void {
  if (m.t === 'batch') {
    for (const x of m.msgs) receive(x);
  } else if (m.t === 'run') {
    queued.push(m);
    scheduleStart();
  } else if (m.t === 'abort') {
    // Sent only for a job that started (a queued one is taken back through its control word instead).
    if (current?.id === m.id) current.abort();
  } else if (m.t === 'ckpt-ack') {
    const w = checkpoints.get(m.seq);
    checkpoints.delete(m.seq);
    if (!w) return;
    if (m.ok) w.resolve();
    // A refusal without an error is a stale lease; a store error (too large, unreachable) keeps its own code.
    else w.reject(Object.assign(new Error(m.error ?? 'checkpoint rejected: the lease is stale'), { code: m.code ?? ErrorCodes.STALE_LEASE }));
  }
}

onMessage(receive);

lastCpuNs = threadCpuNs();
post({ t: 'ready', schedstat: threadSchedstatPath(), cpuNs: lastCpuNs });
