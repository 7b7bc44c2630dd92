#!/usr/bin/env node
// In a source checkout, run the TypeScript directly through tsx so the CLI is
// always current; an installed package (no src/) runs the compiled dist/.
import { existsSync } from 'node:fs';

const src = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(src.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
