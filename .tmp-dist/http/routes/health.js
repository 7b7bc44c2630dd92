import { buildOpenApi } from '../openapi.js';
const PING_TIMEOUT_MS = 2_000;
async function within(p, ms) {
    let timer;
    try {
        return await Promise.race([
            Promise.resolve(p),
            new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
            }),
        ]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** /healthz: the process answers. /readyz: it can do useful work now (store reachable, node ready, not draining). */
export function healthRoutes(app, ctx) {
    app.get('/healthz', async (_req, reply) => {
        reply.header('cache-control', 'no-store');
        return { status: 'ok' };
    });
    app.get('/readyz', async (_req, reply) => {
        const checks = {};
        checks.server = ctx.draining ? { ok: false, reason: 'draining' } : { ok: true };
        try {
            await within(ctx.store.ping(), PING_TIMEOUT_MS);
            checks.store = { ok: true };
        }
        catch (e) {
            checks.store = { ok: false, reason: e.message };
        }
        if (ctx.node) {
            try {
                const r = await within(ctx.node.readiness(), PING_TIMEOUT_MS);
                checks.node = r.ready ? { ok: true } : { ok: false, reason: r.reason ?? 'not ready' };
            }
            catch (e) {
                checks.node = { ok: false, reason: e.message };
            }
        }
        const ready = Object.values(checks).every((c) => c.ok);
        reply.code(ready ? 200 : 503).header('cache-control', 'no-store');
        return { ready, checks };
    });
    let doc;
    app.get('/v1/openapi.json', async (_req, reply) => {
        doc ??= JSON.stringify(buildOpenApi());
        return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=300').send(doc);
    });
}
//# sourceMappingURL=health.js.map