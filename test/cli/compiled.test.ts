import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // No inherited loader flags: the compiled package must run on plain Node.
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * An installed package has no src/: bin/corebound.mjs runs dist/, and the
 * workers boot the compiled host and load compiled task modules. This is the
 * build a release ships (`npm run build`), run the way a user's machine runs it.
 */
describe('the compiled package', () => {
  it('builds, and its CLI runs the demo from dist/ on plain Node', async () => {
    const build = await run('npm', ['run', 'build']);
    expect(build.code, build.out + build.err).toBe(0);
    expect(existsSync(join(root, 'dist/runtime/worker-boot.mjs'))).toBe(true);
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-dist-')), 'demo.db')}`;
    const demo = await run(process.execPath, [join(root, 'dist/cli/main.js'), 'demo', '--shards', '6', '--paths', '2000', '--json', '--store', store]);
    expect(demo.code, demo.err).toBe(0);
    const r = JSON.parse(demo.out);
    expect(r).toMatchObject({ complete: true, computed: 6, dead: 0 });
    expect(r.price.price).toBeGreaterThan(0);
  }, 180_000);
});
