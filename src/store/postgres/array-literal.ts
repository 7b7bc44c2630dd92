/**
 * A statement's array parameter as PostgreSQL's array text, written here
 * instead of by node-postgres. pg quotes every element through two regex
 * replaces and grows the literal one `+=` at a time: ~2 KB of short-lived
 * strings per completed job on the drain's hot path (heap sampling,
 * 2026-12-05), about a fifth of the main thread's allocations. The text is
 * pg's but for numbers, which need no quotes: strings quoted, NULL for null
 * and undefined, bytea as \\x hex. Elements of any other kind (objects,
 * dates, nested arrays) are left to pg: `null` is returned and the caller
 * passes the array.
 */
export function arrayLiteral(xs: readonly unknown[]): string | null {
  const parts = new Array<string>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'boolean' || typeof v === 'bigint') parts[i] = `"${v}"`;
    else if (Buffer.isBuffer(v)) parts[i] = `\\\\x${v.toString('hex')}`;
    else return null;
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** The values of one statement with every array parameter as its literal. */
export function withArrayLiterals(values: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Array.isArray(v) ? (arrayLiteral(v) ?? v) : v;
  }
  return out;
}
