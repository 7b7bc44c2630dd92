import { parseArgs } from 'node:util';

/**
 * Flags shared by the suites: --quick (smoke sizes), --only a,b (adapter names
 * or measurement names), --skip a,b, and `--set key=value` size overrides.
 */
export function suiteArgs(extra = {}) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      skip: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      ...extra,
    },
    allowPositionals: false,
  });
  const list = (s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : null);
  return { ...values, only: list(values.only), skip: list(values.skip) ?? [] };
}

/** Applies --set key=value overrides onto a sizes object (numbers only). */
export function applySizes(sizes, sets) {
  const out = { ...sizes };
  for (const s of sets) {
    const [k, v] = s.split('=');
    if (!(k in out)) throw new Error(`unknown size ${k}; known: ${Object.keys(out).join(', ')}`);
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--set ${k} needs a number`);
    out[k] = n;
  }
  return out;
}

/** Whether a name passes --only / --skip. */
export const selected = (args, name) => (!args.only || args.only.includes(name)) && !args.skip.includes(name);
