import type { FastifyPluginAsync } from 'fastify';
/** dashboard/ at the package root, found from here in a checkout (src/telemetry) and when built (dist/telemetry). */
export declare function dashboardDir(): string;
/**
 * Serves the dashboard: GET / (and /dashboard/) is the page, its files are
 * under /dashboard/. The files are read once at registration, served with a
 * strong ETag and revalidated on each load (they are small; a new version
 * must show at once). The page holds no data: it reads the public API with
 * the token the user types, kept in localStorage.
 *
 *   await server.app.register(dashboardRoutes);
 */
export declare const dashboardRoutes: FastifyPluginAsync<{
    dir?: string;
}>;
