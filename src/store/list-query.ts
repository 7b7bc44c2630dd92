import type { ListFilter } from './store.js';

const CONDITIONS = [
  ['state', (p: string) => `state = ${p}`],
  ['queue', (p: string) => `queue = ${p}`],
  ['task', (p: string) => `task = ${p}`],
  ['cursor', (p: string) => `id < ${p}`],
] as const;

/**
 * The WHERE clause of a job listing: one condition per filter that is set and
 * none for the rest, so each combination (`names`) is its own statement and
 * can use its index (state or queue, then id). One statement for all of
 * them, `(@state IS NULL OR state = @state) AND …`, could use none: both
 * stores walked every job newest first and filtered, so listing the dead
 * jobs among a million succeeded ones read a million rows. `param(name, i)`
 * spells the i-th parameter in the store's dialect; `values` are in order.
 */
export function listWhere(
  f: ListFilter,
  param: (name: string, i: number) => string,
): { where: string; names: string[]; values: unknown[] } {
  const names: string[] = [];
  const values: unknown[] = [];
  const conds: string[] = [];
  for (const [name, cond] of CONDITIONS) {
    const v = f[name];
    if (v === undefined || v === null) continue;
    conds.push(cond(param(name, names.length)));
    names.push(name);
    values.push(v);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', names, values };
}

/** Page size of a listing: 50 unless asked, 1 to 1000. */
export const listLimit = (f: ListFilter) => Math.min(Math.max(f.limit ?? 50, 1), 1000);
