import type { Command } from 'commander';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
import { newToken, parseScopes } from '../../http/auth.js';
import { openStore } from '../../store/open.js';
import { createLogger } from '../../telemetry/logger.js';
import { CoreboundMetrics } from '../../telemetry/metrics.js';
import { instrumentStore } from '../../telemetry/store-metrics.js';
import { action, addStoreOption, resolveStoreUrl } from '../common.js';
import { intOption } from '../options.js';
import { defaultCostBasis, serveApi } from './serve.js';

export { startApiServer } from '../../http/server.js';

interface ApiOpts {
  store?: string;
  host: string;
  port: number;
  auth?: boolean;
  tasks?: string;
  publicUrl?: string;
  quiet?: boolean;
}

/** `corebound api`: the HTTP API alone (workers run elsewhere with `corebound worker`). */
export function registerApi(program: Command): void {
  addStoreOption(
    program
      .command('api')
      .description('run the HTTP API (no workers); see docs/http-api.md')
      .option('--host <host>', 'address to listen on; anything but loopback needs API tokens', '127.0.0.1')
      .option('--port <n>', 'port (0 picks a free one)', intOption('port', 0, 65_535), 8080)
      .option('--auth', 'require API tokens even on loopback before any exist')
      .option('--tasks <dir>', 'task definitions: unknown tasks get 404, inputs are validated')
      .option('--public-url <url>', 'base of resultUrl, e.g. your CDN (https://cdn.example.com)')
      .option('--quiet', 'no request logs'),
  ).action(
    action(async (o: ApiOpts) => {
      const catalog = o.tasks ? await (await import('../../runtime/load-tasks.js')).loadTasks(o.tasks) : undefined;
      const rawStore = await openStore(resolveStoreUrl(o.store));
      const logger = createLogger({ level: o.quiet ? 'warn' : 'info' });
      const metrics = new CoreboundMetrics();
      const store = instrumentStore(rawStore, metrics);
      let server: Awaited<ReturnType<typeof serveApi>>;
      try {
        server = await serveApi(
          { store, catalog, host: o.host, port: o.port, auth: o.auth, publicBaseUrl: o.publicUrl, cost: defaultCostBasis(), logger },
          { metrics },
        );
      } catch (e) {
        await store.close();
        throw e;
      }
      process.stderr.write(`corebound api listening on ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      await store.close();
    }),
  );
}

interface TokenOpts {
  store?: string;
  name?: string;
  scopes?: string;
  json?: boolean;
}

/** `corebound token create|revoke|list`: API tokens, stored as sha256 hashes. */
export function registerTokens(program: Command): void {
  const token = program.command('token').description('API tokens for the HTTP API');

  addStoreOption(
    token
      .command('create')
      .description('create a token; it is printed once and only its hash is stored')
      .requiredOption('--name <name>', 'who or what uses it')
      .option('--scopes <list>', 'comma list of enqueue, read, admin', 'enqueue,read')
      .option('--json', 'print machine-readable output'),
  ).action(
    action(async (o: TokenOpts) => {
      const name = (o.name ?? '').trim();
      if (!name || name.length > 128) throw new CoreboundError(ErrorCodes.INVALID_OPTION, '--name must be 1 to 128 characters');
      const scopes = parseScopes(o.scopes ?? '');
      const t = newToken();
      await withStore(o.store, (store) => store.createToken({ id: t.id, name, hash: t.hash, scopes }));
      process.stdout.write(
        o.json
          ? `${JSON.stringify({ id: t.id, name, scopes, token: t.token })}\n`
          : `id     ${t.id}\nscopes ${scopes.join(',')}\ntoken  ${t.token}\n(shown once: store it now)\n`,
      );
    }),
  );

  addStoreOption(token.command('revoke <id>').description('revoke a token (takes effect within seconds)')).action(
    action(async (id: string, o: TokenOpts) => {
      const ok = await withStore(o.store, (store) => store.revokeToken(id));
      if (!ok) throw new CoreboundError(ErrorCodes.NOT_FOUND, `no active token "${id}"`);
      process.stdout.write(`revoked ${id}\n`);
    }),
  );

  addStoreOption(token.command('list').description('list tokens (never the secrets)').option('--json', 'print machine-readable output')).action(
    action(async (o: TokenOpts) => {
      const tokens = await withStore(o.store, (store) => store.listTokens());
      const rows = tokens.map(({ hash: _hash, ...t }) => t);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) process.stdout.write('no tokens\n');
      for (const t of rows) {
        const state = t.revokedAt === null ? 'active' : `revoked ${new Date(t.revokedAt).toISOString()}`;
        process.stdout.write(`${t.id}  ${t.name.padEnd(20)} ${t.scopes.join(',').padEnd(20)} ${new Date(t.createdAt).toISOString()}  ${state}\n`);
      }
    }),
  );
}

async function withStore<T>(url: string | undefined, fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(resolveStoreUrl(url));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
