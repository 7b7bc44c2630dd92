import { type EmbeddedServer, startEmbeddedPostgres } from './postgres-server.js';

/**
 * vitest globalSetup: when DATABASE_URL is not set, start one throwaway
 * PostgreSQL for the whole run and hand its URL to the test workers through
 * the environment. With DATABASE_URL set (CI, a developer's own server) it
 * does nothing: each test file still gets its own schema (test/support/postgres.ts).
 */
let server: EmbeddedServer | undefined;

export default async function setup(): Promise<() => Promise<void>> {
  if (!process.env.DATABASE_URL) {
    server = await startEmbeddedPostgres();
    process.env.DATABASE_URL = server.url;
    process.env.COREBOUND_EMBEDDED_PG = '1';
  }
  return async () => {
    await server?.stop();
  };
}
