import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;
type MakeRow = (v: unknown[]) => Row;

const makers = new WeakMap<Database.Statement, MakeRow>();

/**
 * Rows of a hot statement (a claim's candidates, an enqueued job) as plain
 * objects. better-sqlite3 builds a row object from C++ one property at a
 * time; so did a loop of keyed stores here, and past ~16 properties V8 turns
 * such an object into a dictionary, slow to build and slow for rowToJob to
 * read. The statement is put in raw mode (rows as arrays) and each row made
 * by an object literal whose keys are the statement's column names, compiled
 * once per statement: one shape, fast properties. Building and mapping a job
 * row: 2.18 µs with the keyed loop, 0.55 µs with the literal (2026-12-05).
 * The names come from the database's own column list, quoted as JSON.
 */
function makerOf(stmt: Database.Statement): MakeRow {
  let make = makers.get(stmt);
  if (!make) {
    stmt.raw(true);
    const fields = stmt.columns().map((c, i) => `${JSON.stringify(c.name)}: v[${i}]`);
    make = new Function('v', `return { ${fields.join(', ')} };`) as MakeRow;
    makers.set(stmt, make);
  }
  return make;
}

export function allRows(stmt: Database.Statement, params: unknown): Row[] {
  const make = makerOf(stmt);
  return (stmt.all(params) as unknown[][]).map(make);
}

export function getRow(stmt: Database.Statement, params: unknown): Row | undefined {
  const make = makerOf(stmt);
  const v = stmt.get(params) as unknown[] | undefined;
  return v ? make(v) : undefined;
}
