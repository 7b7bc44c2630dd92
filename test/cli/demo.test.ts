import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { BIN, cli } from '../support/cli.js';

describe('corebound demo', () => {
  it('survives kill -9 mid-run: the rerun resumes, and every shard succeeds exactly once', async () => {
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-demo-')), 'demo.db')}`;
    const args = ['demo', '--shards', '40', '--paths', '4000', '--workers', '2', '--store', store];

    // First run: kill it hard once some (not all) shards are done.
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        const m = [...err.matchAll(/shards (\d+)\/40/g)].map((x) => Number(x[1]));
        if (m.some((v) => v >= 8 && v < 40)) resolve();
      });
      child.on('close', (code) => reject(new Error(`demo exited (${code}) before it could be killed:\n${err}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));

    const second = await cli([...args, '--json']);
    expect(second.code, second.stderr).toBe(0);
    const r = JSON.parse(second.stdout);
    expect(r.complete).toBe(true);
    expect(r.resumed).toBeGreaterThanOrEqual(8);
    expect(r.resumed + r.computed).toBe(40);
    expect(r.price.price).toBeGreaterThan(r.price.low);
    expect(r.price.high - r.price.low).toBeLessThan(0.5);

    const s = await openStore(store);
    try {
      for (const id of r.jobIds as number[]) {
        expect((await s.get(id))?.state).toBe('succeeded');
        const ok = (await s.attempts(id)).filter((a) => a.outcome === 'succeeded');
        expect(ok).toHaveLength(1);
      }
    } finally {
      await s.close();
    }

    // Same parameters, same seeds: the answer is reproducible and nothing is recomputed.
    const third = JSON.parse((await cli([...args, '--json'])).stdout);
    expect(third).toMatchObject({ computed: 0, resumed: 40 });
    expect(third.price.price).toBe(r.price.price);
  }, 120_000);
});
