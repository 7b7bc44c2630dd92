import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, loadAvgNow } from './machine.mjs';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * Writes bench/results/<name>.json (everything measured, machine-readable) and
 * bench/results/<name>.md (the markdown snippet that docs/benchmarks.md embeds).
 * Quick (smoke) runs get a `.quick` suffix so they never overwrite a full run.
 */
export async function writeResults(name, { quick, machine, command, markdown, ...rest }) {
  machine.loadAvgEnd = loadAvgNow();
  const base = join(RESULTS_DIR, quick ? `${name}.quick` : name);
  const header = `_Measured ${machine.date.slice(0, 10)} on ${describeMachine(machine)}. Command: \`${command}\`._`;
  const md = `${header}\n\n${markdown.trim()}\n`;
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(`${base}.json`, `${JSON.stringify({ name, quick, machine, command, ...rest, markdown: md }, null, 2)}\n`);
  await writeFile(`${base}.md`, md);
  return { json: `${base}.json`, md: `${base}.md` };
}

/** The command line as typed, for the record. */
export const commandLine = () => ['node', ...process.argv.slice(1).map((a, i) => (i === 0 ? relative(a) : a))].join(' ');

function relative(path) {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
