/**
 * HTTP read and write path: origin throughput of GET /v1/results/{sha} and
 * POST /v1/jobs with autocannon on loopback, and the share of reads nginx
 * (proxy_cache, as in docs/http-api.md) absorbs in front of the origin.
 *   node --import tsx bench/http-origin.ts [--seconds 10] [--connections 50]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { findNginx, startNginx } from '../test/http/nginx.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const seconds = arg('seconds', 10);
const connections = arg('connections', 50);

const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL('./http/origin-server.ts', import.meta.url).pathname], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise<{ url: string; sha: string; jobId: number }>((resolve) => {
  createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l)));
});
const originPort = Number(new URL(info.url).port);
const hits = async () => ((await (await fetch(`${info.url}/__bench/hits`)).json()) as { hits: number }).hits;

async function load(title: string, opts: autocannon.Options) {
  const r = await autocannon({ connections, duration: seconds, ...opts });
  const ok = r['2xx'];
  console.log(`${title.padEnd(52)} ${Math.round(r.requests.average).toLocaleString('en').padStart(8)} req/s  p99 ${r.latency.p99} ms  2xx ${ok}  non-2xx ${r.non2xx}`);
  return { rps: r.requests.average, p99: r.latency.p99, total: r.requests.total, ok, non2xx: r.non2xx };
}

const out: Record<string, unknown> = { seconds, connections };
out.resultOrigin = await load('GET /v1/results/{sha}, origin', { url: `${info.url}/v1/results/${info.sha}` });
out.enqueueOrigin = await load('POST /v1/jobs, origin (SQLite, sync=normal)', {
  url: `${info.url}/v1/jobs`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ task: 'render', input: { frame: 2 } }),
});

const bin = findNginx();
if (bin) {
  const nginx = await startNginx(bin, originPort);
  for (const [name, path] of [
    ['result', `/v1/results/${info.sha}`],
    ['status', `/v1/jobs/${info.jobId}`],
  ] as const) {
    const before = await hits();
    const r = await load(`GET ${name} through nginx`, { url: `${nginx.url}${path}` });
    const origin = (await hits()) - before;
    const offload = 1 - origin / r.total;
    console.log(`  origin saw ${origin} of ${r.total} requests: offload ${(offload * 100).toFixed(3)}%`);
    out[`${name}ViaNginx`] = { ...r, originRequests: origin, offload };
  }
  await nginx.stop();
} else {
  console.log('nginx not installed: skipping the offload measurement (apt-get install nginx)');
}
child.kill('SIGTERM');
console.log(JSON.stringify({ bench: 'http-origin', results: out }));
