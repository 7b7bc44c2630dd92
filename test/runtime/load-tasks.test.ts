import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadTasks } from '../../src/runtime/load-tasks.js';
import { TASKS_DIR } from './helpers.js';

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corebound-tasks-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadTasks', () => {
  test('loads defineTask modules and plain functions (named after the file)', async () => {
    const catalog = await loadTasks(TASKS_DIR);
    expect(catalog.get('noop')?.file).toBe(join(TASKS_DIR, 'noop.ts'));
    expect(typeof catalog.get('noop')?.run).toBe('function');
    expect(catalog.get('burn')?.input).toBeDefined();
    expect(catalog.get('checkpoint')?.retry).toEqual({ baseMs: 1 });
  });

  test('loads .mjs and .js modules, skips helpers starting with _', async () => {
    const dir = tempDir({
      'a.mjs': 'export default async (x) => x;',
      'b.js': "export default { name: 'bee', queue: 'q', run: () => 1 };",
      '_helper.mjs': 'export const x = 1;',
      'notes.txt': 'not a task',
    });
    const catalog = await loadTasks(dir);
    expect([...catalog.keys()].sort()).toEqual(['a', 'bee']);
    expect(catalog.get('bee')?.queue).toBe('q');
  });

  test('two modules declaring the same name is a clear error', async () => {
    const dir = tempDir({
      'one.mjs': "export default { name: 'same', run: () => 1 };",
      'two.mjs': "export default { name: 'same', run: () => 2 };",
    });
    await expect(loadTasks(dir)).rejects.toMatchObject({
      code: 'CB_INVALID_OPTION',
      message: expect.stringMatching(/duplicate task name "same" in .*one\.mjs and .*two\.mjs/),
    });
  });

  test('a module without a task as its default export is an error naming the file', async () => {
    const dir = tempDir({ 'bad.mjs': 'export const notDefault = 1;' });
    await expect(loadTasks(dir)).rejects.toMatchObject({
      code: 'CB_INVALID_OPTION',
      message: expect.stringContaining('bad.mjs'),
    });
  });

  test('a missing directory is a usage error', async () => {
    await expect(loadTasks(join(tmpdir(), 'corebound-no-such-dir'))).rejects.toMatchObject({ code: 'CB_INVALID_OPTION' });
  });
});
