/** Renders judged rows (stats.judge) as one plain-text table for the terminal. */

function formatNumber(value) {
  if (value === null || value === undefined) return '-';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cells(row) {
  return [
    row.benchmark,
    row.figure,
    `${formatNumber(row.value)}${row.unit ? ` ${row.unit}` : ''}`,
    row.target === null ? '-' : `${row.op} ${formatNumber(row.target)}${row.unit ? ` ${row.unit}` : ''}`,
    row.ratio === null ? '-' : row.ratio.toFixed(2),
    row.verdict,
    row.spread ? `${formatNumber(row.spread.min)} - ${formatNumber(row.spread.max)} (${row.runs.length} runs)` : '-',
  ];
}

function renderTable(rows) {
  const header = ['benchmark', 'figure', 'measured', 'target', 'ratio', 'verdict', 'spread (min - max)'];
  const body = rows.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

module.exports = { renderTable, formatNumber };
