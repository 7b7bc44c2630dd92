/**
 * A bench-only store that keeps jobs in a JS array and does nothing else: no
 * SQL, no durability, no attempt history. It implements just what a node's
 * hot path calls (claim, settle, complete, fail, release, heartbeat, wake-ups, stats),
 * so bench/noop-throughput.ts can show the runtime's own ceiling next to the
 * real stores. Never use it for anything but that measurement.
 */
import type { Job } from '../../src/core/job.js';
import { Defaults } from '../../src/core/limits.js';
import type { EnqueueSpec } from '../../src/core/spec.js';
import type * as S from '../../src/store/store.js';

const unsupported = async (): Promise<never> => {
  throw new Error('fake store: not supported');
};

export function fakeStore(): S.Store {
  const jobs = new Map<number, Job>();
  const queued: number[] = [];
  let head = 0;
  let nextId = 1;
  let paused = false;
  const listeners = new Set<() => void>();
  const wake = () => {
    for (const l of listeners) l();
  };
  const finish = (items: S.Lease[], state: Job['state']): S.LeaseOutcome[] =>
    items.map((it) => {
      const j = jobs.get(it.id);
      if (j?.state !== 'running' || j.leaseToken !== it.token) return { id: it.id, ok: false };
      j.state = state;
      j.leaseToken = null;
      if (state === 'queued') queued.push(j.id);
      return { id: it.id, ok: true, state };
    });
  const store: Partial<S.Store> = {
    kind: 'sqlite',
    capabilities: { crossProcessWake: false, listenNotify: false, skipLocked: false, transactionalEnqueue: false, multiNode: false },
    migrate: async () => {},
    close: async () => {},
    onWake(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async enqueue(specs: EnqueueSpec[]) {
      const now = Date.now();
      const out = specs.map((s) => {
        const job = {
          id: nextId++, task: s.task, queue: s.queue ?? s.task, state: 'queued', input: s.input ?? null, priority: 0,
          runAt: now, createdAt: now, updatedAt: now, attempt: 0, errors: 0, crashes: 0,
          maxAttempts: Defaults.maxAttempts, maxCrashes: Defaults.maxCrashes, timeoutMs: Defaults.timeoutMs,
          key: null, parentId: null, groupId: null, leaseToken: null, leaseOwner: null, leaseExpiresAt: null,
          startedAt: null, finishedAt: null, progress: null, progressMessage: null, checkpoint: null, resultSha: null,
          lastError: null, deadReason: null, version: 1, traceparent: null, cpuMs: 0, wallMs: 0,
        } as Job;
        jobs.set(job.id, job);
        queued.push(job.id);
        return { job: { ...job }, created: true };
      });
      wake();
      return out;
    },
    async claim(req) {
      const out: Job[] = [];
      while (!paused && out.length < req.limit && head < queued.length) {
        const j = jobs.get(queued[head++]) as Job;
        j.state = 'running';
        j.attempt++;
        j.leaseToken = j.attempt;
        out.push({ ...j });
      }
      return out;
    },
    async heartbeat(items) {
      return { ok: items.map(({ id, token }) => ({ id, token })), lost: [] };
    },
    async complete(items) {
      return finish(items, 'succeeded');
    },
    async fail(items) {
      return finish(items, 'dead');
    },
    async release(items) {
      const o = finish(items, 'queued');
      wake();
      return o;
    },
    async settle(b) {
      const complete = finish(b.complete ?? [], 'succeeded');
      const fail = finish(b.fail ?? [], 'dead');
      const release = finish(b.release ?? [], 'queued');
      const claimed = b.claim ? await (store.claim as S.Store['claim'])(b.claim) : [];
      return { complete, fail, release, claimed, durable: Promise.resolve() };
    },
    async pauseQueue() {
      paused = true;
    },
    async resumeQueue() {
      paused = false;
      wake();
    },
    async stats() {
      const counts = { scheduled: 0, queued: 0, running: 0, retrying: 0, succeeded: 0, dead: 0, cancelled: 0 };
      for (const j of jobs.values()) counts[j.state]++;
      return [{ queue: 'noop', paused, counts, oldestQueuedAt: null }];
    },
    get: async (id) => jobs.get(id) ?? null,
    getResult: unsupported,
  };
  return new Proxy(store as S.Store, {
    // Not a thenable: `then` must stay undefined, or awaiting the store would call `unsupported`.
    get: (t, p) => (p in t ? t[p as keyof S.Store] : p === 'then' || typeof p === 'symbol' ? undefined : unsupported),
  });
}
