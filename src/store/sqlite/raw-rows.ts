import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;

const columnNames = new WeakMap<Database.Statement, string[]>();

/**
 * Rows of a hot statement as plain objects keyed here: the statement is put
 * in raw mode (rows come back as arrays) and this loop names the columns.
 * better-sqlite3 builds a row object from C++ one property at a time, about
 * twice the cost of this loop for a job row of 30-odd columns.
 */
function namesOf(stmt: Database.Statement): string[] {
  let names = columnNames.get(stmt);
  if (!names) {
    stmt.raw(true);
    names = stmt.columns().map((c) => c.name);
    columnNames.set(stmt, names);
  }
  return names;
}

function keyed(names: string[], v: unknown[]): Row {
  const r: Row = {};
  for (let i = 0; i < names.length; i++) r[names[i]] = v[i];
  return r;
}

export function allRows(stmt: Database.Statement, params: unknown): Row[] {
  const names = namesOf(stmt);
  return (stmt.all(params) as unknown[][]).map((v) => keyed(names, v));
}

export function getRow(stmt: Database.Statement, params: unknown): Row | undefined {
  const names = namesOf(stmt);
  const v = stmt.get(params) as unknown[] | undefined;
  return v ? keyed(names, v) : undefined;
}
