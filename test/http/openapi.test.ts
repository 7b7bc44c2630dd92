import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { OPENAPI_PATH, buildOpenApi, renderOpenApi } from '../../src/http/openapi.js';
import { harness } from './helpers.js';

let h: Awaited<ReturnType<typeof harness>>;
afterEach(async () => {
  await h?.close();
});

it('docs/openapi.json is generated from the request schemas and up to date (regenerate: npx tsx src/http/openapi.ts)', () => {
  expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
});

it('documents exactly the routes the server has, and serves itself at /v1/openapi.json', async () => {
  h = await harness();
  const doc = buildOpenApi() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
  const documented: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const url = path.replace(/\{(\w+)\}/g, (_, n) => `:${n === 'sha256' ? 'sha' : n}`).replace('jobs:batch', 'jobs::batch');
      expect(h.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method} ${path}`).toBe(true);
      documented.push(`${method.toUpperCase()} ${path}`);
    }
  }
  // Every route the server registers (HEAD routes are implied by GET).
  const registered = h.app.printRoutes({ commonPrefix: false, includeMeta: false }).match(/\((?:[A-Z]+, )*[A-Z]+\)/g) ?? [];
  const methods = registered.flatMap((m) => m.slice(1, -1).split(', ')).filter((m) => m !== 'HEAD');
  expect(documented).toHaveLength(methods.length);
  const schemas = doc.components.schemas;
  expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['JobRequest', 'Job', 'Error', 'Queues']));
  expect(JSON.stringify(schemas.JobRequest)).toContain('"additionalProperties":false');
  const served = await h.app.inject({ method: 'GET', url: '/v1/openapi.json' });
  expect(served.statusCode).toBe(200);
  expect(served.json()).toEqual(doc);
});
