import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/** dashboard/ at the package root, found from here in a checkout (src/telemetry) and when built (dist/telemetry). */
export function dashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const p = join(dir, 'dashboard');
    if (existsSync(join(p, 'index.html'))) return p;
  }
  throw new Error('dashboard/index.html not found above src/telemetry');
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(html|js|css|svg|png|ico)$/;

// The page is plain files calling the API on the same origin: nothing inline, nothing from elsewhere.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Serves the dashboard: GET / (and /dashboard/) is the page, its files are
 * under /dashboard/. The files are read once at registration, served with a
 * strong ETag and revalidated on each load (they are small; a new version
 * must show at once). The page holds no data: it reads the public API with
 * the token the user types, kept in localStorage.
 *
 *   await server.app.register(dashboardRoutes);
 */
export const dashboardRoutes: FastifyPluginAsync<{ dir?: string }> = async (app, opts) => {
  const dir = opts.dir ?? dashboardDir();
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m || !statSync(join(dir, name)).isFile()) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type: TYPES[m[1]], etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` });
  }
  const send = (name: string) => async (req: { headers: Record<string, string | string[] | undefined> }, reply: any) => {
    const a = assets.get(name);
    if (!a) return reply.code(404).type('text/plain').send('not found');
    reply
      .header('etag', a.etag)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', CSP);
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  };
  app.get('/', send('index.html'));
  app.get('/dashboard/', send('index.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', (req, reply) => send(req.params.file)(req, reply));
};
