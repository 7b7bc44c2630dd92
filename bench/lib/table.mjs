/**
 * Tables for the console and for markdown. `columns` is a list of
 * { key, label, align?: 'left' | 'right' }; cell values are already strings
 * (format numbers before, so the console and the docs show the same text).
 */
function cells(rows, columns) {
  return rows.map((row) => columns.map((c) => String(row[c.key] ?? '')));
}

export function textTable(rows, columns) {
  const body = cells(rows, columns);
  const widths = columns.map((c, i) => Math.max(c.label.length, ...body.map((r) => r[i].length)));
  const pad = (s, i) => (columns[i].align === 'left' ? s.padEnd(widths[i]) : s.padStart(widths[i]));
  const line = (r) => r.map(pad).join('  ');
  const head = line(columns.map((c) => c.label));
  return [head, '-'.repeat(head.length), ...body.map(line)].join('\n');
}

export function markdownTable(rows, columns) {
  const esc = (s) => s.replaceAll('|', '\\|');
  const head = `| ${columns.map((c) => esc(c.label)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'left' ? ' --- ' : ' ---: ')).join('|')}|`;
  const body = cells(rows, columns).map((r) => `| ${r.map(esc).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
