/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    min: s[0] ?? Number.NaN,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? Number.NaN,
    mean: s.length ? sum / s.length : Number.NaN,
  };
}

export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Events per second. */
export const rate = (count, elapsedMs) => (elapsedMs > 0 ? (count * 1000) / elapsedMs : Number.NaN);

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const fmtInt = (x) => (Number.isFinite(x) ? intFmt.format(x) : '—');

export function fmtRate(x) {
  if (!Number.isFinite(x)) return '—';
  return x >= 100 ? `${intFmt.format(x)}/s` : `${x.toFixed(1)}/s`;
}

export function fmtMs(x) {
  if (!Number.isFinite(x)) return '—';
  if (x >= 100) return `${intFmt.format(x)} ms`;
  return `${x.toFixed(x >= 10 ? 1 : 2)} ms`;
}

export const fmtRatio = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

/** Seeded PRNG (mulberry32) for reproducible gaps and payloads. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
