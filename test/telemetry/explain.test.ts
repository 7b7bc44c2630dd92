import { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Attempt, Job } from '../../src/core/job.js';
import { registerExplain } from '../../src/cli/commands/explain.js';
import { countAhead, gatherExplainContext } from '../../src/explain/context.js';
import { explainJob } from '../../src/explain/explain.js';
import { explainRoutes } from '../../src/explain/route.js';
import { buildApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function job(over: Partial<Job> = {}): Job {
  return {
    id: 42,
    task: 'render',
    queue: 'gpu',
    state: 'queued',
    input: null,
    priority: 0,
    runAt: NOW - 12_000,
    createdAt: NOW - 12_000,
    updatedAt: NOW - 12_000,
    attempt: 0,
    errors: 0,
    crashes: 0,
    maxAttempts: 5,
    maxCrashes: 3,
    timeoutMs: 300_000,
    key: null,
    parentId: null,
    groupId: null,
    leaseToken: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    startedAt: null,
    finishedAt: null,
    progress: null,
    progressMessage: null,
    checkpoint: null,
    resultSha: null,
    lastError: null,
    deadReason: null,
    version: 1,
    traceparent: null,
    cpuMs: 0,
    wallMs: 0,
    ...over,
  };
}

function attempt(n: number, over: Partial<Attempt> = {}): Attempt {
  return {
    jobId: 42,
    attempt: n,
    token: n,
    workerId: 'host:1:abc',
    startedAt: NOW - 60_000 + n * 10_000,
    endedAt: NOW - 60_000 + n * 10_000 + 2000,
    outcome: 'error',
    errorCode: 'CB_TASK_ERROR',
    errorMessage: 'boom',
    errorStack: null,
    waitMs: 400,
    wallMs: 2000,
    cpuMs: 1500,
    peakMemBytes: 50 * 1024 * 1024,
    ...over,
  };
}

describe('explain wording', () => {
  it('queued: position, running jobs, service time and an estimate', () => {
    const e = explainJob(job(), [], {
      now: NOW,
      queue: { paused: false, depth: 5, queued: 5, running: 2, drainPerSec: 0 },
      ahead: { count: 3, capped: false },
      service: { meanMs: 4000, samples: 10 },
      workers: { total: 2, busy: 2 },
    });
    expect(e.summary).toBe(
      'Job 42 (task render, queue gpu) is queued: it is runnable and waiting for a free worker (for 12.0s, since 2026-01-01 11:59:48Z).',
    );
    expect(e.details).toContain('3 jobs are ahead of it in queue gpu (claimed first: lower priority number, then earlier run time).');
    expect(e.details).toContain('2 jobs of queue gpu are running now.');
    expect(e.details).toContain('This node has 2 of 2 worker threads busy.');
    expect(e.details).toContain('Recent attempts of render took 4.00s on average (10 measured).');
    // (3 ahead + 1) ÷ (2 running ÷ 4 s) = 8 s.
    expect(e.estimate?.startInMs).toBe(8000);
    expect(e.estimate?.basis).toBe('service-time');
    expect(e.details.at(-1)).toBe(
      'Estimate: it should start in about 8.00s (around 2026-01-01T12:00:08.000Z), since 2 running × 4.00s per attempt.',
    );
    expect(e.text).toContain('No attempts yet.');
    expect(e.command).toBeUndefined();
  });

  it('queued: prefers the measured drain rate, and says when it is first in line', () => {
    const e = explainJob(job(), [], {
      now: NOW,
      queue: { paused: false, depth: 1, queued: 1, running: 4, drainPerSec: 2 },
      ahead: { count: 0, capped: false },
    });
    expect(e.details).toContain('It is first in line in queue gpu.');
    expect(e.estimate).toMatchObject({ startInMs: 500, basis: 'drain-rate', blocked: null });
    expect(e.details.at(-1)).toContain('since 2.00 jobs/s leave the queue');
  });

  it('queued: at least N ahead when the walk was capped', () => {
    const e = explainJob(job(), [], {
      now: NOW,
      queue: { paused: false, depth: 3000, queued: 3000, running: 1, drainPerSec: 1 },
      ahead: { count: 2000, capped: true },
    });
    expect(e.details).toContain('At least 2,000 jobs are ahead of it in queue gpu (claimed first: lower priority number, then earlier run time).');
    expect(e.details.at(-1)).toMatch(/^Estimate: it should start no sooner than in about 33m21s/);
  });

  it('queued in a paused queue: blocked, no estimate', () => {
    const e = explainJob(job(), [], { now: NOW, queue: { paused: true, depth: 1, queued: 1, running: 0, drainPerSec: 0 } });
    expect(e.estimate).toMatchObject({ blocked: 'paused', startInMs: null });
    expect(e.details[0]).toBe('Queue gpu is paused: nothing in it starts until it is resumed (POST /v1/queues/gpu/resume).');
  });

  it('queued with nothing serving the queue: says to check the workers', () => {
    const e = explainJob(job(), [], { now: NOW, queue: { paused: false, depth: 7, queued: 7, running: 0, drainPerSec: 0 } });
    expect(e.estimate?.blocked).toBe('no-workers');
    expect(e.details).toContain('7 jobs are queued in gpu; its exact position is unknown.');
    expect(e.details.at(-1)).toBe(
      'Nothing in queue gpu is running and nothing has left it recently: check that a worker serves this queue (a node with a task named render, or --queues gpu).',
    );
  });

  it('queued with no history: no estimate yet', () => {
    const e = explainJob(job(), [], { now: NOW, queue: { paused: false, depth: 2, queued: 2, running: 1, drainPerSec: 0 } });
    expect(e.estimate?.startInMs).toBeNull();
    expect(e.details.at(-1)).toBe('No estimate yet: no attempts of render have finished recently to measure how long one takes.');
  });

  it('scheduled: when it becomes due, and how to run it now', () => {
    const e = explainJob(job({ state: 'scheduled', runAt: NOW + 250_000 }), [], { now: NOW });
    expect(e.summary).toBe('Job 42 (task render, queue gpu) is scheduled: it becomes runnable at 2026-01-01 12:04:10Z, in 4m10s.');
    expect(e.command).toBe('corebound retry 42');
    expect(e.details).toContain('To run it now instead: corebound retry 42');
    const due = explainJob(job({ state: 'scheduled', runAt: NOW - 3000 }), [], { now: NOW });
    expect(due.summary).toContain('became due 3.00s ago');
  });

  it('retrying: the last error, when the next attempt is due, and the budgets', () => {
    const e = explainJob(
      job({ state: 'retrying', attempt: 2, errors: 2, runAt: NOW + 8000, lastError: { code: 'CB_TASK_ERROR', message: 'boom' } }),
      [attempt(1), attempt(2)],
      { now: NOW },
    );
    expect(e.summary).toBe(
      'Job 42 (task render, queue gpu) failed attempt 2 with CB_TASK_ERROR: boom and will be retried: attempt 3 is due at 2026-01-01 12:00:08Z, in 8.00s (backoff).',
    );
    expect(e.details).toContain('It has used 2 of 5 error attempts and 0 of 3 crashes.');
    expect(e.attempts).toHaveLength(2);
    expect(e.attempts[0].text).toBe(
      '#1 failed with an error; started 2026-01-01 11:59:10Z after waiting 400ms on host:1:abc; ran 2.00s, CPU 1.50s (75% of a core); peak heap 50 MB — CB_TASK_ERROR: boom',
    );
  });

  it('running: progress, remaining time, lease', () => {
    const e = explainJob(
      job({
        state: 'running',
        attempt: 1,
        startedAt: NOW - 30_000,
        progress: 0.25,
        progressMessage: 'frame 25/100',
        leaseOwner: 'host:1:abc',
        leaseExpiresAt: NOW + 9000,
      }),
      [attempt(1, { startedAt: NOW - 30_000, endedAt: null, outcome: 'running', wallMs: null, cpuMs: null, errorCode: null, errorMessage: null, peakMemBytes: null })],
      { now: NOW },
    );
    expect(e.summary).toBe('Job 42 (task render, queue gpu) is running attempt 1 on host:1:abc, for 30.0s (since 2026-01-01 11:59:30Z).');
    expect(e.details).toContain('Progress 25% (frame 25/100); at this pace about 1m30s remain.');
    expect(e.details).toContain('Its timeout is 5m0s per attempt.');
    expect(e.details).toContain(
      'Its lease runs until 2026-01-01 12:00:09Z (in 9.00s) and is renewed by heartbeats; if the node dies the lease expires and the job is rescued and run again.',
    );
    expect(e.attempts[0].text).toContain('#1 is running; started 2026-01-01 11:59:30Z');
    expect(e.attempts[0].text).toContain('running for 30.0s');
  });

  it('running with an expired lease: the node probably stopped', () => {
    const e = explainJob(job({ state: 'running', attempt: 1, startedAt: NOW - 60_000, leaseExpiresAt: NOW - 20_000, crashes: 1 }), [], { now: NOW });
    expect(e.details).toContain(
      'Its lease expired 20.0s ago: the node running it has probably stopped. Maintenance will rescue it (a crash, 2 of 3) and queue it again.',
    );
    expect(e.details).toContain('It has not reported progress.');
  });

  it('succeeded: when, how much work, the result', () => {
    const e = explainJob(
      job({ state: 'succeeded', attempt: 2, finishedAt: NOW, createdAt: NOW - 90_000, wallMs: 4000, cpuMs: 3500, resultSha: 'ab'.repeat(32) }),
      [attempt(1), attempt(2, { outcome: 'succeeded', errorCode: null, errorMessage: null })],
      { now: NOW },
    );
    expect(e.summary).toBe('Job 42 (task render, queue gpu) succeeded on attempt 2 at 2026-01-01 12:00:00Z.');
    expect(e.details[0]).toBe('Work: 4.00s of worker time over 2 attempts, CPU 3.50s, 1m30s from enqueue to result.');
    expect(e.details[1]).toBe(`Result sha256:${'ab'.repeat(32)} (GET /v1/results/${'ab'.repeat(32)}).`);
    expect(e.attempts[1].text).toMatch(/^#2 succeeded; /);
  });

  it('dead (exhausted): the last error and the replay command', () => {
    const e = explainJob(
      job({ state: 'dead', attempt: 5, errors: 5, deadReason: 'exhausted', finishedAt: NOW, lastError: { code: 'CB_TASK_ERROR', message: 'boom' } }),
      [1, 2, 3, 4, 5].map((n) => attempt(n)),
      { now: NOW },
    );
    expect(e.summary).toBe('Job 42 (task render, queue gpu) is dead (exhausted): all 5 error attempts failed; the last with CB_TASK_ERROR: boom.');
    expect(e.command).toBe('corebound retry 42');
    expect(e.details).toContain('To replay it with fresh budgets: corebound retry 42 (or POST /v1/jobs/42/retry).');
    expect(e.details).toContain('It died at 2026-01-01 12:00:00Z. It has used 5 of 5 error attempts and 0 of 3 crashes.');
    expect(e.text.split('\n').filter((l) => l.startsWith('  #'))).toHaveLength(5);
  });

  it('dead (non_retryable) and dead (poison)', () => {
    const nr = explainJob(
      job({ state: 'dead', attempt: 1, errors: 1, deadReason: 'non_retryable', lastError: { code: 'CB_NON_RETRYABLE', message: 'bad input' } }),
      [attempt(1, { errorCode: 'CB_NON_RETRYABLE', errorMessage: 'bad input' })],
      { now: NOW },
    );
    expect(nr.summary).toBe(
      'Job 42 (task render, queue gpu) is dead (non-retryable): attempt 1 failed with an error marked as not worth retrying — CB_NON_RETRYABLE: bad input.',
    );
    expect(nr.details[0]).toBe('Retrying the same input gives the same error; fix the input or the task first.');

    const unknown = explainJob(
      job({ state: 'dead', attempt: 1, deadReason: 'non_retryable', lastError: { code: 'CB_UNKNOWN_TASK', message: 'no task named "render" on this node' } }),
      [],
      { now: NOW },
    );
    expect(unknown.details[0]).toBe('No node that claimed it knows a task named "render"; deploy the task, then replay.');

    const poison = explainJob(
      job({ state: 'dead', attempt: 3, crashes: 3, deadReason: 'poison', lastError: { code: 'CB_TASK_OOM', message: 'heap limit' } }),
      [attempt(3, { outcome: 'oom', errorCode: 'CB_TASK_OOM', errorMessage: 'heap limit' })],
      { now: NOW },
    );
    expect(poison.summary).toBe('Job 42 (task render, queue gpu) is dead (poison): it crashed its worker 3 times, the limit is 3.');
    expect(poison.details[0]).toBe('The last attempt ran out of memory (its thread was stopped) — CB_TASK_OOM: heap limit.');
    expect(poison.command).toBe('corebound retry 42');
  });

  it('cancelled', () => {
    const e = explainJob(job({ state: 'cancelled', finishedAt: NOW }), [], { now: NOW });
    expect(e.summary).toBe('Job 42 (task render, queue gpu) was cancelled at 2026-01-01 12:00:00Z before it ran.');
    expect(e.details).toEqual(['To run it again: corebound retry 42']);
  });
});

describe('explain context from a real store', () => {
  it('counts jobs ahead by claim order (priority, run time, id)', async () => {
    const clock = new ManualClock(NOW);
    const store = await openStore('sqlite::memory:', { clock });
    try {
      const specs = Array.from({ length: 30 }, () => ({ task: 'render', queue: 'gpu' }));
      const jobs = (await store.enqueue(specs)).map((r) => r.job);
      await store.enqueue([{ task: 'render', queue: 'other' }]);
      const [urgent] = await store.enqueue([{ task: 'render', queue: 'gpu', priority: -5 }]);
      const target = jobs[10];
      // 10 older jobs plus one newer with a lower priority number.
      expect(await countAhead(store, target, 2000)).toEqual({ count: 11, capped: false });
      expect(await countAhead(store, urgent.job, 2000)).toEqual({ count: 0, capped: false });
      expect(await countAhead(store, jobs[29], 2000)).toEqual({ count: 30, capped: false });
      const capped = await countAhead(store, jobs[29], 5);
      expect(capped.capped).toBe(true);

      const ctx = await gatherExplainContext(store, target, { now: clock.now() });
      expect(ctx.queue).toMatchObject({ paused: false, queued: 31, running: 0 });
      expect(ctx.ahead).toEqual({ count: 11, capped: false });
      expect(ctx.service).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('measures the task’s service time from finished attempts', async () => {
    const clock = new ManualClock(NOW);
    const store = await openStore('sqlite::memory:', { clock });
    try {
      await store.enqueue([{ task: 'render' }, { task: 'render' }, { task: 'render' }]);
      const claimed = await store.claim({ workerId: 'w', limit: 2, leaseMs: 60_000 });
      clock.advance(3000);
      await store.complete(claimed.map((j) => ({ id: j.id, token: j.leaseToken as number, metrics: { wallMs: j.id === 1 ? 2000 : 4000, cpuMs: 100 } })));
      const [waiting] = (await store.list({ state: 'queued' })).jobs;
      const ctx = await gatherExplainContext(store, waiting, { now: clock.now() });
      expect(ctx.service).toEqual({ meanMs: 3000, samples: 2 });
      const e = explainJob(waiting, [], ctx);
      expect(e.details).toContain('It is first in line in queue render.');
      expect(e.details).toContain('Recent attempts of render took 3.00s on average (2 measured).');
    } finally {
      await store.close();
    }
  });
});

describe('GET /v1/jobs/{id}/explain and `corebound explain`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-explain-'));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers with the story as JSON, 404 for unknown jobs, 401 without a token when auth is on', async () => {
    const store = await openStore('sqlite::memory:');
    const server = await buildApiServer({ store, cost: null, tokenCacheMs: 0 });
    await server.app.register(explainRoutes, { ctx: server.ctx });
    await server.app.ready();
    try {
      const [{ job }] = await store.enqueue([{ task: 'render', delayMs: 60_000 }]);
      const res = await server.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/explain` });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ id: job.id, state: 'scheduled', command: `corebound retry ${job.id}` });
      expect(body.summary).toMatch(/^Job 1 \(task render, queue render\) is scheduled: it becomes runnable at .*, in (1m0s|\d+\.\ds)\.$/);
      expect(body.text).toContain(body.summary);
      expect((await server.app.inject({ method: 'GET', url: '/v1/jobs/999/explain' })).statusCode).toBe(404);
      expect((await server.app.inject({ method: 'GET', url: '/v1/jobs/abc/explain' })).statusCode).toBe(404);
      await store.createToken({ id: 't', name: 'x', hash: 'cd'.repeat(32), scopes: ['read'] });
      await server.ctx.auth.refresh();
      expect((await server.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/explain` })).statusCode).toBe(401);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('prints the story, or JSON, for a job in a store file', async () => {
    const url = `sqlite:${join(dir, 'cli.db')}`;
    const store = await openStore(url);
    const [{ job }] = await store.enqueue([{ task: 'render' }]);
    await store.cancel(job.id);
    await store.close();

    const run = async (args: string[]) => {
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
      });
      const program = new Command().exitOverride();
      registerExplain(program);
      await program.parseAsync(['node', 'corebound', 'explain', ...args]);
      vi.restoreAllMocks();
      return out;
    };
    const text = await run([String(job.id), '--store', url]);
    expect(text).toMatch(/^Job 1 \(task render, queue render\) was cancelled at .* before it ran\.\n {2}To run it again: corebound retry 1\nNo attempts yet\.\n$/);
    const json = JSON.parse(await run([String(job.id), '--store', url, '--json']));
    expect(json).toMatchObject({ id: 1, state: 'cancelled', command: 'corebound retry 1' });

    const before = process.exitCode;
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    await run(['77', '--store', url]);
    expect(err).toBe('corebound: CB_NOT_FOUND: job 77 not found\n');
    expect(process.exitCode).toBe(3);
    process.exitCode = before;
  });
});
