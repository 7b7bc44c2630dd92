import { systemClock } from '../../core/clock.js';
import { parseDuration } from '../../core/duration.js';
import { CoreboundError, ErrorCodes } from '../../core/errors.js';
const OUR_PARAMS = ['schema', 'pool', 'listen', 'prepare', 'poll'];
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
export function resolvePgConfig(url, opts = {}) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new CoreboundError(ErrorCodes.STORE_URL, 'invalid PostgreSQL URL');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
        throw new CoreboundError(ErrorCodes.STORE_URL, `not a PostgreSQL URL (${parsed.protocol})`);
    }
    const q = parsed.searchParams;
    const schema = opts.schema ?? q.get('schema') ?? 'corebound';
    if (!IDENT.test(schema)) {
        throw new CoreboundError(ErrorCodes.STORE_URL, `schema "${schema}" must match ${IDENT.source}`);
    }
    const poolMax = opts.poolMax ?? (q.has('pool') ? Number(q.get('pool')) : 10);
    if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 1000) {
        throw new CoreboundError(ErrorCodes.STORE_URL, 'pool must be an integer between 1 and 1000');
    }
    const pollMs = opts.pollMs ?? (q.has('poll') ? parseDuration(q.get('poll'), 'poll') : undefined);
    const listen = opts.listen ?? flag(q.get('listen'), 'listen', true);
    const prepare = opts.prepare ?? flag(q.get('prepare'), 'prepare', true);
    for (const p of OUR_PARAMS)
        q.delete(p);
    // Clock choice: an injected clock (tests) is passed into SQL as `now`, so
    // tests control time. With the default system clock we pass null and SQL
    // uses the database's statement_timestamp(): every node then reads one clock,
    // so clock skew between machines cannot expire a healthy lease early.
    const clock = opts.clock && opts.clock !== systemClock ? opts.clock : null;
    return {
        connectionString: parsed.toString(),
        schema,
        poolMax,
        listen,
        prepare,
        pollMs: pollMs ?? 500,
        safetyPollMs: opts.safetyPollMs ?? 5_000,
        connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
        clock,
    };
}
function flag(v, name, dflt) {
    if (v === null)
        return dflt;
    if (['on', 'true', '1', 'yes'].includes(v))
        return true;
    if (['off', 'false', '0', 'no'].includes(v))
        return false;
    throw new CoreboundError(ErrorCodes.STORE_URL, `${name} must be on or off`);
}
//# sourceMappingURL=config.js.map