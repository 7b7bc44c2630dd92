import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER_CLI = fileURLToPath(new URL('../fixtures/worker-cli.ts', import.meta.url));
/** The nodes' lease: short, so a killed node's jobs are rescued within seconds. */
export const LEASE_MS = 2_000;
export const CHAOS_TASKS_DIR = fileURLToPath(new URL('./tasks/', import.meta.url));

/**
 * One `corebound worker` node as a real child process (from source, like
 * test/runtime/process.test.ts), with its output kept for diagnosis and for
 * the test to read (warnings are pino JSON lines on stdout under --quiet).
 */
export class NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** False once the test kills or stops it on purpose; an exit while true is a crash. */
  expectAlive = true;
  private out = '';
  private outBytes = 0;

  constructor(
    readonly name: string,
    storeUrl: string,
    extraArgs: string[] = [],
  ) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER_CLI, 'worker', '--tasks', CHAOS_TASKS_DIR, '--store', storeUrl,
        '--workers', '2', '--lease', `${LEASE_MS}ms`, '--grace', '5s', '--quiet', ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (this.child.pid === undefined) throw new Error(`could not spawn node ${name}`);
    this.pid = this.child.pid;
    const keep = (d: Buffer) => {
      this.outBytes += d.length;
      this.out += d.toString();
      // Bounded: keep the tail, which is what explains a failure.
      if (this.out.length > 256 * 1024) this.out = this.out.slice(-128 * 1024);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Total bytes of output so far: a mark for `outputSince`. */
  get mark(): number {
    return this.outBytes;
  }

  /** Output written after `mark` (as far as the kept tail reaches). */
  outputSince(mark: number): string {
    const n = this.outBytes - mark;
    return n <= 0 ? '' : this.out.slice(-n);
  }

  get ready(): boolean {
    return this.out.includes(' threads, tasks:');
  }

  tail(chars = 3000): string {
    return `--- node ${this.name} (pid ${this.pid}, ${this.alive ? 'alive' : `exited ${this.child.exitCode ?? this.child.signalCode}`}) ---\n${this.out.slice(-chars)}`;
  }

  /** SIGKILL and wait for the exit; safe to call on a node that already exited. */
  async kill(): Promise<void> {
    this.expectAlive = false;
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }
}
