/**
 * The origin for bench/http-origin.ts, in its own process: an API server on a
 * SQLite file with one finished job whose public result the load targets.
 * Prints one JSON line {port, sha, jobId} and counts the requests it serves
 * (GET /__bench/hits, not counted) so the bench can compute CDN offload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'cb-http-bench-'));
const store = await openStore(`sqlite:${join(dir, 'b.db')}?sync=normal`);
await store.setQueueConfig('render', { publicResults: true, maxDepth: 10_000_000 });
const [{ job }] = await store.enqueue([{ task: 'render', input: { frame: 1 } }]);
const [claimed] = await store.claim({ workerId: 'bench', limit: 1, leaseMs: 60_000, queues: ['render'] });
const result = Buffer.from(JSON.stringify({ frame: 1, pixels: 'x'.repeat(4000) }));
const [done] = await store.complete([{ id: claimed.id, token: claimed.leaseToken as number, result }]);
let hits = 0;
const api = await startApiServer({
  store,
  port: 0,
  logger: false,
  configure: (app) => {
    app.addHook('onRequest', async (req) => {
      if (!req.url.startsWith('/__bench')) hits++;
    });
    app.get('/__bench/hits', async () => ({ hits }));
  },
});
process.stdout.write(`${JSON.stringify({ url: api.url, sha: done.resultSha, jobId: job.id })}\n`);
process.on('SIGTERM', async () => {
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
