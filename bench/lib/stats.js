/**
 * Numbers of a benchmark: percentiles of a sample and the verdict of a figure against its target.
 * Pure functions, so the unit spec can pin them down.
 */

/** Nearest-rank percentile (p in 0..100) of an ascending array; undefined for an empty one. */
function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** count, min, mean, p50, p95, p99, max of a list of numbers (it is not modified). */
function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count,
    min: count ? sorted[0] : undefined,
    mean: count ? sum / count : undefined,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: count ? sorted[count - 1] : undefined,
  };
}

/**
 * One line of the results table. `op` says which side of the target passes ('>=' or '<');
 * ratio is always figure / target, so a reader compares it with 1 in the direction of op.
 * Without a target (a figure shown for context, e.g. the peer's throughput) the verdict is 'info'.
 */
function judge({ benchmark, figure, value, unit, op, target, note }) {
  const measured = typeof value === 'number' && Number.isFinite(value);
  const hasTarget = typeof target === 'number' && (op === '>=' || op === '<' || op === '<=');
  const ratio = measured && hasTarget && target !== 0 ? value / target : undefined;
  let verdict = 'info';
  if (hasTarget) {
    if (!measured) verdict = 'n/a';
    else if (op === '>=') verdict = value >= target ? 'pass' : 'miss';
    else if (op === '<') verdict = value < target ? 'pass' : 'miss';
    else verdict = value <= target ? 'pass' : 'miss';
  }
  return {
    benchmark,
    figure,
    value: measured ? value : null,
    unit: unit ?? '',
    op: hasTarget ? op : null,
    target: hasTarget ? target : null,
    ratio: ratio ?? null,
    verdict,
    ...(note ? { note } : {}),
  };
}

/** a / b when both are finite and b is not zero, else undefined. */
function ratioOf(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : undefined;
}

/**
 * One row per figure from several runs of the same rows: the median run's value is judged again
 * against the target, and the row keeps every run's value and the spread (min and max). A figure
 * missing from a run (its benchmark failed there) is judged on the runs that have it.
 */
function combineRuns(runs) {
  if (runs.length === 1) return runs[0];
  const byKey = new Map();
  for (const rows of runs) {
    for (const row of rows) {
      // Counts in a figure's text (records loaded, events drained) may differ between runs: one row still.
      const key = `${row.benchmark}\u0000${row.figure.replace(/\d[\d,.]*/g, '#')}`;
      if (!byKey.has(key)) byKey.set(key, { first: row, values: [] });
      byKey.get(key).values.push(row.value);
    }
  }
  return [...byKey.values()].map(({ first, values }) => {
    const measured = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
    const mid = (measured.length - 1) / 2;
    const median = measured.length ? (measured[Math.floor(mid)] + measured[Math.ceil(mid)]) / 2 : undefined;
    const judged = judge({ ...first, value: median, op: first.op ?? undefined, target: first.target ?? undefined });
    return { ...judged, runs: values, spread: measured.length ? { min: measured[0], max: measured[measured.length - 1] } : null };
  });
}

module.exports = { percentile, summarize, judge, ratioOf, combineRuns };
