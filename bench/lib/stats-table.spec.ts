import { combineRuns, judge, percentile, ratioOf, summarize } from './stats';
import { formatNumber, renderTable } from './table';

describe('bench stats', () => {
  it('percentile is the nearest rank of an ascending sample', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('summarize sorts a copy and reports the spread', () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({ count: 5, min: 1, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(summarize([]).count).toBe(0);
  });

  it('judge compares a figure with its target in the direction of op, ratio = figure / target', () => {
    expect(judge({ benchmark: 'b', figure: 'rps', value: 12_000, unit: '/s', op: '>=', target: 10_000 })).toMatchObject({ ratio: 1.2, verdict: 'pass' });
    expect(judge({ benchmark: 'b', figure: 'rps', value: 9_000, unit: '/s', op: '>=', target: 10_000 })).toMatchObject({ ratio: 0.9, verdict: 'miss' });
    expect(judge({ benchmark: 'b', figure: 'p95', value: 4, unit: 'ms', op: '<', target: 5 })).toMatchObject({ ratio: 0.8, verdict: 'pass' });
    expect(judge({ benchmark: 'b', figure: 'p95', value: 5, unit: 'ms', op: '<', target: 5 }).verdict).toBe('miss');
    expect(judge({ benchmark: 'b', figure: 'peer', value: 3, unit: '/s' })).toMatchObject({ op: null, target: null, ratio: null, verdict: 'info' });
    expect(judge({ benchmark: 'b', figure: 'lost', value: undefined, op: '>=', target: 1 })).toMatchObject({ value: null, verdict: 'n/a' });
    expect(judge({ benchmark: 'b', figure: 'nan', value: Number.NaN, op: '<', target: 1 }).verdict).toBe('n/a');
  });

  it('combineRuns judges the median run and keeps every run and the spread', () => {
    const run = (rps: number, p95?: number) => [
      judge({ benchmark: 'auth/me', figure: 'req/s', value: rps, unit: '/s', op: '>=', target: 10_000 }),
      ...(p95 === undefined ? [] : [judge({ benchmark: 'login', figure: 'p95', value: p95, unit: 'ms', op: '<', target: 150 })]),
    ];
    const [rps, p95] = combineRuns([run(9_000, 160), run(12_000), run(11_000, 140)]);
    expect(rps).toMatchObject({ value: 11_000, verdict: 'pass', runs: [9_000, 12_000, 11_000], spread: { min: 9_000, max: 12_000 } });
    // A figure missing from a run is judged on the runs that have it (the median of two is their mean).
    expect(p95).toMatchObject({ value: 150, verdict: 'miss', runs: [160, 140], spread: { min: 140, max: 160 } });
    const drained = (events: string, rate: number) => [judge({ benchmark: 'audit', figure: `drain rate (${events} events)`, value: rate, unit: '/s' })];
    expect(combineRuns([drained('1,000,001', 700), drained('1,000,000', 730), drained('1,000,000', 720)])).toEqual([
      expect.objectContaining({ figure: 'drain rate (1,000,001 events)', value: 720, runs: [700, 730, 720] }),
    ]);
    const single = run(9_000);
    expect(combineRuns([single])).toBe(single);
  });

  it('ratioOf refuses what is not a finite quotient', () => {
    expect(ratioOf(1, 4)).toBe(0.25);
    expect(ratioOf(1, 0)).toBeUndefined();
    expect(ratioOf(undefined as unknown as number, 2)).toBeUndefined();
  });
});

describe('bench table', () => {
  it('formats by magnitude', () => {
    expect(formatNumber(12_345.6)).toBe('12,346');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(null)).toBe('-');
  });

  it('renders one aligned row per figure with target, ratio and verdict', () => {
    const text = renderTable([
      judge({ benchmark: 'auth/me', figure: 'req/s', value: 12_000, unit: '/s', op: '>=', target: 10_000 }),
      judge({ benchmark: 'footprint', figure: 'start to ready', value: 2.5, unit: 's' }),
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^benchmark\s+\| figure\s+\| +measured \| target\s+\| ratio \| verdict \| spread \(min - max\)$/);
    expect(lines[2]).toContain('12,000 /s');
    expect(lines[2]).toContain('>= 10,000 /s');
    expect(lines[2]).toContain('1.20');
    expect(lines[2]).toMatch(/pass\s+\| -\s*$/);
    expect(lines[3]).toMatch(/2\.50 s \| -\s+\|\s+- \| info\s+\| -\s*$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
