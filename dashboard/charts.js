// Two small canvas charts, no library: a time-series line chart and a per-worker heatmap.
// Both redraw from scratch on every update (a few hundred points: well under a millisecond).

const AXIS = '#8593a3';
const GRID = '#263040';
const FONT = '11px system-ui, sans-serif';

/** Sizes the canvas backing store to its CSS size × devicePixelRatio; returns a context in CSS pixels. */
function prepare(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 400;
  const h = canvas.clientHeight || Number(canvas.getAttribute('height')) || 180;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = FONT;
  return { ctx, w, h };
}

/** 1, 2 or 5 × 10^k at or above x/steps: tick spacing a person reads at a glance. */
function niceStep(max, steps) {
  const raw = max / steps;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

function ago(ms) {
  const s = Math.round(ms / 1000);
  return s === 0 ? 'now' : s < 60 ? `-${s}s` : `-${Math.round(s / 60)}m`;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** Tick labels counted back from `now` ("now", "-30s", "-2m"), about five across. */
function timeAxis(ctx, x0, x1, y, t0, t1, now) {
  ctx.fillStyle = AXIS;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const span = Math.max(1, t1 - t0);
  const step = TIME_STEPS.find((s) => s >= span / 5) ?? 3_600_000;
  for (let t = now; t >= t0; t -= step) {
    if (t > t1) continue;
    const x = x0 + ((t - t0) / span) * (x1 - x0);
    ctx.textAlign = x > x1 - 20 ? 'right' : 'center';
    ctx.fillText(ago(now - t), x, y + 4);
  }
}

/**
 * series: [{ name, color, values: number[] }] over `times` (ms). Draws lines with a
 * zero-based y axis; the caller renders the legend (it holds the latest values).
 */
export function lineChart(canvas, { times, series, now = Date.now(), minMax = 1, format = (v) => String(v) }) {
  const { ctx, w, h } = prepare(canvas);
  const pad = { l: 44, r: 8, t: 8, b: 20 };
  const x0 = pad.l;
  const x1 = w - pad.r;
  const y0 = h - pad.b;
  const y1 = pad.t;
  let max = minMax;
  for (const s of series) for (const v of s.values) if (v > max) max = v;
  const step = niceStep(max, 4);
  max = Math.ceil(max / step) * step;
  ctx.strokeStyle = GRID;
  ctx.fillStyle = AXIS;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  for (let v = 0; v <= max + 1e-9; v += step) {
    const y = y0 - (v / max) * (y0 - y1);
    ctx.beginPath();
    ctx.moveTo(x0, Math.round(y) + 0.5);
    ctx.lineTo(x1, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(format(v), x0 - 6, y);
  }
  if (times.length === 0) {
    ctx.textAlign = 'center';
    ctx.fillText('no data yet', (x0 + x1) / 2, (y0 + y1) / 2);
    return;
  }
  const t0 = times[0];
  const t1 = Math.max(times[times.length - 1], t0 + 1);
  const xs = times.map((t) => x0 + ((t - t0) / (t1 - t0)) * (x1 - x0));
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.beginPath();
    s.values.forEach((v, i) => {
      const y = y0 - (v / max) * (y0 - y1);
      if (i === 0) ctx.moveTo(xs[i], y);
      else ctx.lineTo(xs[i], y);
    });
    ctx.stroke();
  }
  timeAxis(ctx, x0, x1, y0, t0, t1, now);
}

/** samples: [{ t, workers: number[] (0..1) }]; one row per worker, colour = busy fraction. */
export function heatmap(canvas, { samples, rows, now = Date.now(), windowMs }) {
  const { ctx, w, h } = prepare(canvas);
  const pad = { l: 44, r: 8, t: 8, b: 20 };
  const x0 = pad.l;
  const x1 = w - pad.r;
  const y0 = h - pad.b;
  const y1 = pad.t;
  ctx.fillStyle = AXIS;
  if (rows === 0 || samples.length === 0) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(rows === 0 ? 'no workers in this process' : 'no data yet', (x0 + x1) / 2, (y0 + y1) / 2);
    return;
  }
  const t1 = now;
  // The data's own span (at most the window), so a fresh process does not draw mostly empty space.
  const first = samples.length > 1 ? samples[0].t - (samples[1].t - samples[0].t) : samples[0].t - 2000;
  const t0 = Math.max(first, now - (windowMs ?? 15 * 60_000));
  const span = Math.max(1, t1 - t0);
  const rowH = (y0 - y1) / rows;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const label = Math.max(1, Math.ceil(rows / Math.floor((y0 - y1) / 12)));
  for (let r = 0; r < rows; r += label) ctx.fillText(`w${r}`, x0 - 6, y1 + rowH * (r + 0.5));
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const prev = i > 0 ? samples[i - 1].t : s.t - 2000;
    const xa = x0 + ((Math.max(prev, t0) - t0) / span) * (x1 - x0);
    const xb = x0 + ((s.t - t0) / span) * (x1 - x0);
    for (let r = 0; r < rows; r++) {
      const u = s.workers[r] ?? 0;
      // Dark blue-grey when idle to green when busy.
      ctx.fillStyle = `rgb(${Math.round(28 + u * (76 - 28))}, ${Math.round(36 + u * (195 - 36))}, ${Math.round(48 + u * (138 - 48))})`;
      ctx.fillRect(xa, y1 + r * rowH + 1, Math.max(1, xb - xa + 0.5), Math.max(1, rowH - 2));
    }
  }
  timeAxis(ctx, x0, x1, y0, t0, t1, now);
}
