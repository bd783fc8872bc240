/**
 * Unit test with a fake RPC client standing in for audit-service over NATS: the export pages through
 * keyset cursors and never runs ahead of a slow reader, so memory stays flat whatever the size.
 */
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pipeline } from 'node:stream/promises';
import type { AuditRecord } from '@tr4ction/audit-chain';
import { RPC, type RequestMeta } from '@tr4ction/contracts';
import { RpcCallError } from '@tr4ction/messaging';
import { openAuditExport } from './audit-export.stream';

// A full collection on demand, without starting node with --expose-gc.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const META: RequestMeta = { actor: { type: 'user', id: 'auditor-1' } };

function record(seq: number): AuditRecord {
  return {
    seq,
    event_id: `0190b6a0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type: 'LoginFailed',
    occurred_at: '2026-01-01T00:00:00.000Z',
    recorded_at: '2026-01-01T00:00:01.000Z',
    actor: { type: 'user', id: `actor-${seq % 7}` },
    subject: { type: 'user', id: `subject-${seq}` },
    outcome: 'failure',
    source: { service: 'user-service', ip: '203.0.113.9', user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)' },
    trace_id: 'ab'.repeat(16),
    data: { reason: 'wrong_password', failed_attempts: seq % 5 },
    prev_hash: 'c'.repeat(64),
    hash: 'f'.repeat(64),
  };
}

/** Fake of the export RPC: `total` records in pages of `pageSize`, keyset on `after`. */
function setup(total: number, pageSize = 500) {
  const calls: Array<{ after?: string; until?: string }> = [];
  const failures: Error[] = [];
  // A plain function, not jest.fn: a mock would keep every page it returned and skew the heap test.
  const rpc = {
    send: async (pattern: string, _meta: RequestMeta, data: { after?: string; until?: string }) => {
      expect(pattern).toBe(RPC.audit.export);
      calls.push({ after: data.after, until: data.until });
      const failure = failures.shift();
      if (failure) throw failure;
      const after = Number(data.after ?? 0);
      const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - after)) }, (_, i) => record(after + i + 1));
      const last = after + items.length;
      return { items_json: items.map((r) => JSON.stringify(r)), until: String(total), next_after: last < total ? String(last) : null };
    },
  };
  return { sut: (format: 'csv' | 'ndjson') => openAuditExport(rpc as never, META, { outcome: 'failure' }, format), calls, failures };
}

/** A reader that takes one chunk per tick and notes how far the paging ran ahead of it. */
function slowReader(calls: unknown[], pageBytes: number) {
  let bytes = 0;
  let lines = 0;
  let worstLead = 0;
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
      worstLead = Math.max(worstLead, calls.length * pageBytes - bytes);
      setImmediate(done);
    },
  });
  return { sink, stats: () => ({ bytes, lines, worstLead }) };
}

describe(openAuditExport.name, () => {
  it('pages through every record with keyset cursors and the first page’s snapshot', async () => {
    const { sut, calls } = setup(1234);
    const stream = await sut('ndjson');
    const reader = slowReader(calls, 0);
    await pipeline(stream, reader.sink);
    expect(reader.stats().lines).toBe(1234);
    expect(calls).toEqual([{}, { after: '500', until: '1234' }, { after: '1000', until: '1234' }]);
  });

  it('starts a CSV with its header, even when nothing matches', async () => {
    const { sut } = setup(0);
    const chunks: string[] = [];
    for await (const chunk of await sut('csv')) chunks.push(String(chunk));
    expect(chunks.join('')).toMatch(/^seq,event_id,type,.*,hash\r\n$/);
  });

  it('never runs more than two pages ahead of a slow reader', async () => {
    const { sut, calls } = setup(40_000);
    const pageBytes = Buffer.byteLength(JSON.stringify(record(1)) + '\n') * 500;
    const reader = slowReader(calls, pageBytes);
    await pipeline(await sut('ndjson'), reader.sink);
    const { lines, worstLead } = reader.stats();
    expect(lines).toBe(40_000);
    expect(calls).toHaveLength(80);
    expect(worstLead).toBeLessThanOrEqual(2 * pageBytes);
  });

  it('keeps the retained heap flat while streaming a large export', async () => {
    const { sut } = setup(200_000);
    let bytes = 0;
    let chunks = 0;
    let peak = 0;
    gc();
    const base = process.memoryUsage().heapUsed;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        // What the export holds on to, not garbage awaiting collection: measured after a full GC.
        if (++chunks % 10 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
        done();
      },
    });
    await pipeline(await sut('csv'), sink);
    // About 90 MB streamed; an export that held its output would retain at least that much.
    expect(bytes).toBeGreaterThan(80 * 1024 * 1024);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  });

  it('fails before any byte when the first page is refused, so the client gets a problem response', async () => {
    const rpc = { send: jest.fn().mockRejectedValue(new RpcCallError('SERVICE_UNAVAILABLE', 'down')) };
    await expect(openAuditExport(rpc as never, META, {}, 'csv')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('errors the stream when a later page fails, so the response is cut short, not ended as if complete', async () => {
    const { sut, failures } = setup(1500);
    const stream = await sut('ndjson');
    failures.push(new RpcCallError('SERVICE_UNAVAILABLE', 'down'));
    await expect(pipeline(stream, new Writable({ write: (_c, _e, done) => done() }))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
