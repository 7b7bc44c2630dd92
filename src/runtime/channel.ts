import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** Where a slot runs task code: a worker thread (default) or a child process. */
export type Isolation = 'thread' | 'process';

export interface ChannelEvents {
  message(m: FromWorker): void;
  /** The thread or process is gone. `error` carries why, when known (code ERR_WORKER_OUT_OF_MEMORY for a heap OOM). */
  exit(code: number | null, error: (Error & { code?: string }) | null): void;
}

export interface Channel {
  post(m: ToWorker): void;
  /** Stops it now: worker.terminate() for a thread, SIGKILL for a process. */
  kill(): Promise<void>;
}

export interface ChannelOptions {
  bootUrl: URL;
  init: WorkerInit;
  resourceLimits: ResourceLimits;
  /** Start control words for this thread (see RunMsg.at); a child process gets none and queues nothing. */
  ctl?: SharedArrayBuffer;
}

export function openChannel(isolation: Isolation, opts: ChannelOptions, on: ChannelEvents): Channel {
  return isolation === 'process' ? processChannel(opts, on) : threadChannel(opts, on);
}

function threadChannel(opts: ChannelOptions, on: ChannelEvents): Channel {
  const w = new Worker(opts.bootUrl, { workerData: { ...opts.init, ctl: opts.ctl }, resourceLimits: opts.resourceLimits });
  let error: Error | null = null;
  w.on('message', on.message);
  w.on('error', (e) => {
    error = e;
  });
  w.on('exit', (code) => on.exit(code, error));
  return {
    post: (m) => w.postMessage(m),
    kill: async () => {
      await w.terminate();
    },
  };
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A child process per slot, for task code a thread terminate cannot stop
 * (native addons in a blocking call): SIGKILL always works. Messages use the
 * same structured-clone serialization as threads. The heap cap becomes
 * --max-old-space-size; a V8 heap OOM aborts the process, and we recognise it
 * from the tail of its stderr.
 */
function processChannel(opts: ChannelOptions, on: ChannelEvents): Channel {
  if (!exitHookInstalled) {
    // However the node ends (a second signal's process.exit, an uncaught error), its children end with it:
    // one stuck in native code would not notice its IPC channel closing.
    process.on('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
    exitHookInstalled = true;
  }
  const heapMb = opts.resourceLimits.maxOldGenerationSizeMb;
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  if (heapMb) execArgv.push(`--max-old-space-size=${heapMb}`);
  const child = fork(fileURLToPath(opts.bootUrl), [], {
    execArgv,
    env: { ...process.env, COREBOUND_WORKER_INIT: JSON.stringify(opts.init) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    process.stderr.write(d);
    tail = (tail + d.toString()).slice(-4096);
  });
  child.on('message', (m) => on.message(m as FromWorker));
  child.on('error', () => {}); // spawn/IPC errors end in 'exit' too
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    let error: (Error & { code?: string }) | null = null;
    if (/heap out of memory/i.test(tail)) {
      error = Object.assign(new Error('JavaScript heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    } else if (signal || code) {
      const last = tail.trim().split('\n').slice(-3).join(' | ').slice(0, 1000);
      error = new Error(`process ${signal ? `killed by ${signal}` : `exited with code ${code}`}${last ? `: ${last}` : ''}`);
    }
    on.exit(code, error);
  });
  return {
    post: (m) => {
      if (child.connected) child.send(m);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
