import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// No inherited loader flags: the compiled package must run on plain Node.
const plain = { cwd: root, env: { NODE_OPTIONS: '' } };

/**
 * An installed package has no src/: bin/corebound.mjs runs dist/, and the
 * workers boot the compiled host and load compiled task modules. This is the
 * build a release ships (`npm run build`), run the way a user's machine runs it.
 */
describe('the compiled package', () => {
  it('builds, and its CLI runs the demo from dist/ on plain Node', async () => {
    const build = await run('npm', ['run', 'build'], plain);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(existsSync(join(root, 'dist/runtime/worker-boot.mjs'))).toBe(true);
    const store = `sqlite:${join(mkdtempSync(join(tmpdir(), 'cb-dist-')), 'demo.db')}`;
    const args = ['demo', '--shards', '6', '--paths', '2000', '--json', '--store', store];
    const demo = await run(process.execPath, [join(root, 'dist/cli/main.js'), ...args], plain);
    expect(demo.code, demo.stderr).toBe(0);
    const r = JSON.parse(demo.stdout);
    expect(r).toMatchObject({ complete: true, computed: 6, dead: 0 });
    expect(r.price.price).toBeGreaterThan(0);
  }, 180_000);
});
