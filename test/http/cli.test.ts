import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./fixtures/api-cli.ts', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, done, out: () => stdout, err: () => stderr };
}

describe('corebound api', () => {
  it('listens on loopback, serves, and shuts down cleanly on SIGTERM', async () => {
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-cli-')), 'api.db')}`;
    const p = run(['api', '--port', '0', '--store', store, '--quiet']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${p.err()}`)), 60_000);
      p.child.stderr.on('data', () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.err());
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const res = await fetch(`${url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"task":"t"}' });
    expect(res.status).toBe(201);
    p.child.kill('SIGTERM');
    expect(await p.done).toBe(0);
  }, 90_000);

  it('refuses 0.0.0.0 without tokens with CB_UNSAFE_BIND, then accepts it once a token exists', async () => {
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-cli-')), 'api.db')}`;
    const p = run(['api', '--host', '0.0.0.0', '--port', '0', '--store', store]);
    expect(await p.done).toBe(1);
    expect(p.err()).toMatch(/^corebound: CB_UNSAFE_BIND: refusing to listen on 0\.0\.0\.0/m);
    const t = run(['token', 'create', '--name', 'ops', '--scopes', 'admin', '--store', store]);
    expect(await t.done).toBe(0);
    expect(t.out()).toMatch(/^token {2}cbt_[A-Za-z0-9_-]{43}$/m);
    const l = run(['token', 'list', '--store', store]);
    expect(await l.done).toBe(0);
    expect(l.out()).toMatch(/tok_[0-9a-f]{12} {2}ops .* admin .* active/);
    const bad = run(['token', 'create', '--name', 'x', '--scopes', 'root', '--store', store]);
    expect(await bad.done).toBe(2);
    expect(bad.err()).toContain('CB_INVALID_OPTION');
  }, 90_000);
});
