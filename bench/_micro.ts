import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
const dir = mkdtempSync(join(tmpdir(), 'cb-micro-'));
const mode = (process.argv[2] ?? 'normal') as 'normal' | 'full' | 'memory';
const batch = Number(process.argv[3] ?? 2);
const s = new SqliteStore(mode === 'memory' ? ':memory:' : join(dir, 'm.db'), { durability: mode === 'full' ? 'full' : 'normal' });
await s.migrate();
for (let i = 0; i < 4; i++) await s.enqueue(Array.from({ length: 10000 }, (_, j) => ({ task: 'noop', input: { i: j } })));
const res = Buffer.from('{"startedAt":1764106000000.123}');
async function loop(n: number) {
  let tc = 0, tk = 0;
  for (let done = 0; done < n; ) {
    const a = performance.now();
    const jobs = await s.claim({ workerId: 'w', limit: batch, leaseMs: 15000, queues: ['noop'] });
    const b = performance.now();
    await s.complete(jobs.map((j) => ({ id: j.id, token: j.leaseToken as number, result: res, metrics: { wallMs: 0.1, cpuMs: 0.1, peakMemBytes: 1e6, waitMs: 3 } })));
    tc += b - a; tk += performance.now() - b; done += jobs.length;
  }
  return { claimUs: (1000 * tc) / (n / batch), completeUs: (1000 * tk) / (n / batch), perJobUs: (1000 * (tc + tk)) / n };
}
await loop(3000);
console.log(mode, 'batch', batch, JSON.stringify(await loop(10000)));
