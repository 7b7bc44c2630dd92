import { ErrorCodes } from '../core/errors.js';
import type { TaskLogger } from '../core/task.js';
import type { Store } from '../store/store.js';
import type { Leased } from './heartbeats.js';
import type { FromWorker } from './protocol.js';
import type { Slot } from './slot.js';

export interface MessageContext<R extends Leased & { job: { task: string } }> {
  store: Store;
  log: TaskLogger;
  find(id: number): R | undefined;
  leaseLost(r: R): void;
}

/**
 * Progress, checkpoints and logs from a running task. Progress is only
 * recorded here and travels with the next heartbeat; a checkpoint is written
 * at once (fenced by the lease) and acknowledged to the task, and a refused
 * checkpoint means the lease is gone.
 */
export function onWorkerMessage<R extends Leased & { job: { task: string } }>(
  slot: Slot,
  m: FromWorker,
  ctx: MessageContext<R>,
): void {
  if (m.t === 'progress') {
    const r = ctx.find(m.id);
    if (!r) return;
    r.progress = m.fraction;
    r.progressMessage = m.message;
    r.progressDirty = true;
  } else if (m.t === 'ckpt') {
    const r = ctx.find(m.id);
    const ack = (ok: boolean, error?: string, code?: string) => slot.post({ t: 'ckpt-ack', seq: m.seq, ok, error, code });
    if (!r || r.lost) {
      ack(false);
      return;
    }
    ctx.store.saveCheckpoint({ id: r.id, token: r.token }, m.state).then(
      (ok) => {
        ack(ok);
        if (!ok && !r.lost) ctx.leaseLost(r);
      },
      (e: Error & { code?: string }) => ack(false, e.message, e.code ?? ErrorCodes.STORE_UNAVAILABLE),
    );
  } else if (m.t === 'log') {
    const r = ctx.find(m.id);
    ctx.log[m.level](m.msg, { ...m.fields, jobId: m.id, task: r?.job.task });
  }
}
