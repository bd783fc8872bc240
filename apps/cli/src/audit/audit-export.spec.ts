import { PassThrough } from 'node:stream';
import type { AuditRecord } from '@tr4ction/audit-chain';
import { exportAudit, type FetchPage } from './audit-export';

function fakeLog(size: number): { fetch: FetchPage; calls: Array<{ cursor?: string; limit: number }> } {
  const calls: Array<{ cursor?: string; limit: number }> = [];
  const fetch: FetchPage = async (q) => {
    calls.push({ cursor: q.cursor, limit: q.limit });
    const below = q.cursor ? Number(q.cursor) : size + 1;
    const seqs: number[] = [];
    for (let s = below - 1; s >= 1 && seqs.length < q.limit; s--) seqs.push(s);
    const items = seqs.map((seq) => ({ seq, type: 'LoginFailed' }) as unknown as AuditRecord);
    return { items, next_cursor: seqs.length === q.limit && seqs[seqs.length - 1] > 1 ? String(seqs[seqs.length - 1]) : null };
  };
  return { fetch, calls };
}

describe(exportAudit.name, () => {
  it('follows the keyset cursor page by page and writes every record once, newest first', async () => {
    const { fetch, calls } = fakeLog(25);
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const result = await exportAudit(fetch, { type: 'LoginFailed' }, 'ndjson', out, 10);
    expect(result).toEqual({ records: 25, pages: 3 });
    expect(calls).toEqual([
      { cursor: undefined, limit: 10 },
      { cursor: '16', limit: 10 },
      { cursor: '6', limit: 10 },
    ]);
    const seqs = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
  });

  it('writes a CSV header even when nothing matches', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    expect(await exportAudit(fakeLog(0).fetch, {}, 'csv', out)).toEqual({ records: 0, pages: 1 });
    expect(text.startsWith('seq,event_id,type,')).toBe(true);
  });

  it('waits for a slow reader instead of buffering the log (backpressure)', async () => {
    const { fetch, calls } = fakeLog(50);
    const out = new PassThrough({ highWaterMark: 64 });
    const running = exportAudit(fetch, {}, 'ndjson', out, 10);
    await new Promise((r) => setTimeout(r, 50));
    // Nobody reads: the first page fills the buffer and the export stops asking for more.
    expect(calls).toHaveLength(1);
    out.resume();
    expect((await running).records).toBe(50);
  });
});
