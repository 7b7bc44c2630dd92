import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral, withArrayLiterals } from '../../src/store/postgres/array-literal.js';
import { adminClient } from '../support/postgres.js';

/** Array parameters written by the store read back in PostgreSQL exactly as node-postgres' own encoding does. */
describe('postgres: array parameters as literals', () => {
  let c: pg.Client;
  beforeAll(async () => {
    c = await adminClient();
  });
  afterAll(async () => {
    await c?.end();
  });

  // Sent as the literal and as the array itself (pg encodes it), read back as text[] so nothing is lost in parsing.
  async function both(xs: unknown[], type: string) {
    const sql = `SELECT $1::${type}::text[] AS a, $2::${type}::text[] AS b`;
    const { rows } = await c.query(sql, [arrayLiteral(xs), xs]);
    expect(rows[0].a).toEqual(rows[0].b);
    return rows[0].a as (string | null)[];
  }

  it('text with every character an array literal treats specially', async () => {
    const xs = ['plain', '', 'NULL', 'null', ' padded ', 'a,b', '{x}', 'quote"d', 'back\\slash', '\\"', 'line\nbreak', 'ü ß ✓ 😀', null, undefined];
    expect(await both(xs, 'text[]')).toEqual([...xs.slice(0, -2), null, null]);
  });

  it('integers, bigints and floats, nulls among them', async () => {
    expect(await both([1, -2, 0, 2 ** 53 - 1, null], 'bigint[]')).toEqual(['1', '-2', '0', '9007199254740991', null]);
    const floats = [0.1, -1.5e-7, 1e21, 5e-324, 123456.789, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const back = await both(floats, 'float8[]');
    expect(back.map((v) => (v === null ? null : Number(v)))).toEqual(floats);
    expect(await both([true, false, null], 'boolean[]')).toEqual(['true', 'false', null]);
  });

  it('bytea elements', async () => {
    const xs = [Buffer.from('null'), Buffer.alloc(0), Buffer.from([0, 255, 92, 34]), null];
    const { rows } = await c.query('SELECT $1::bytea[] AS a', [arrayLiteral(xs)]);
    expect(rows[0].a).toEqual(xs);
  });

  it('leaves elements it does not write to pg, and only arrays are rewritten', () => {
    expect(arrayLiteral([{ a: 1 }])).toBeNull();
    expect(arrayLiteral([[1, 2]])).toBeNull();
    expect(arrayLiteral([new Date(0)])).toBeNull();
    const nested = [[1, 2]];
    expect(withArrayLiterals([1, 'x', null, [1, null], nested])).toEqual([1, 'x', null, '{1,NULL}', nested]);
  });
});
