import { close, closeSync, fdatasync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';

/**
 * Group commit for the SQLite store's durable writes. A durable transaction
 * commits without an fsync (synchronous=NORMAL: the WAL frames are in the OS
 * page cache, so a process crash loses nothing), then waits here for an
 * fdatasync of the WAL file that started after its commit. Because the WAL is
 * append-only, one fdatasync makes every commit before it durable, so
 * concurrent writers (results of several workers, HTTP enqueues) share one
 * fsync, and the fsync runs on the libuv thread pool instead of blocking the
 * event loop. This is the same guarantee as synchronous=FULL: the caller is
 * told only after the commit is on disk. (SQLite's own checkpoints still sync
 * the WAL before copying it into the database, as under FULL.)
 *
 * What differs from FULL: other readers may see such a commit for the few
 * milliseconds before its fsync completes. A power loss in that window undoes
 * it, exactly as if it had never been acknowledged (a job runs again, an
 * enqueue must be retried by its producer, who never got an answer).
 *
 * Like SQLite, the directory is fsynced once when the WAL file is first
 * synced, so a newly created WAL survives power loss. If the WAL file is
 * replaced (deleted and recreated), it is reopened by path before the next
 * sync, so we never fsync a stale inode. A failed fsync poisons the store:
 * the kernel may have dropped the dirty pages, so no later write can be
 * trusted to be durable (every later durable wait rejects).
 */
export class WalSync {
  private fd = -1;
  private ino = -1;
  private dirSynced = false;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private failed: Error | null = null;

  constructor(private readonly dbPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  durable(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.running) {
      this.running = this.syncOnce();
      return this.running;
    }
    // The fsync in flight may have started before the caller's commit: wait for the next one.
    this.queued ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.queued;
  }

  /** Waits for syncs in flight, then releases the file. */
  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.queued]);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private next(): Promise<void> {
    this.queued = null;
    if (this.failed) return Promise.reject(this.failed);
    this.running = this.syncOnce();
    return this.running;
  }

  private syncOnce(): Promise<void> {
    let fd: number;
    try {
      fd = this.walFd();
    } catch (e) {
      return Promise.reject(this.poison(e));
    }
    const p = new Promise<void>((resolve, reject) => {
      fdatasync(fd, (err) => {
        let error: unknown = err;
        if (!error && !this.dirSynced) {
          try {
            syncDir(dirname(this.walPath));
            this.dirSynced = true;
          } catch (e) {
            error = e;
          }
        }
        // Later callers wait for the queued sync, which replaces `running` when it starts.
        if (this.running === p && !this.queued) this.running = null;
        if (error) reject(this.poison(error));
        else resolve();
      });
    });
    return p;
  }

  private get walPath(): string {
    return `${this.dbPath}-wal`;
  }

  /** Our fd on the WAL, reopened if the file at the path is no longer the one we hold. */
  private walFd(): number {
    const ino = statSync(this.walPath).ino;
    if (this.fd >= 0 && ino === this.ino) return this.fd;
    if (this.fd >= 0) {
      const old = this.fd;
      close(old, () => {});
    }
    this.fd = openSync(this.walPath, 'r+');
    this.ino = fstatSync(this.fd).ino;
    this.dirSynced = false;
    return this.fd;
  }

  private poison(e: unknown): Error {
    this.failed ??= new CoreboundError(
      ErrorCodes.STORE_UNAVAILABLE,
      `fsync of ${this.walPath} failed (${(e as Error)?.message ?? e}); recent writes may not be durable, reopen the store`,
    );
    return this.failed;
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
