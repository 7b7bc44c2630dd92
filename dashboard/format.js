// Formatting shared by the dashboard; the bound matches src/telemetry/snapshot.ts.

export const COUNT_BOUND = 100_000;

/** "1,234" below the bound, "100k+" from it. */
export function count(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return '0';
  return n >= COUNT_BOUND ? '100k+' : Math.round(n).toLocaleString('en-US');
}

export function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

export function rate(perSec) {
  if (!Number.isFinite(perSec)) return '–';
  if (perSec === 0) return '0';
  if (perSec < 0.1) return `${(perSec * 60).toFixed(1)}/min`;
  return `${perSec < 10 ? perSec.toFixed(2) : Math.round(perSec)}/s`;
}

export function usd(x) {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '$0.00';
  if (x < 0.01) return `$${x.toFixed(6)}`;
  return `$${x.toFixed(2)}`;
}

export function clock(t) {
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false });
}

/** Makes an element with text content only (never HTML from the API). */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}
