/**
 * Streams an export from audit-service to the HTTP client with constant memory. Request/reply over
 * NATS carries bounded messages, so the gateway pages through `rpc.audit.export` (keyset, oldest
 * first, up to the snapshot seq fixed by the first page), asking for the next page while it writes
 * the current one and never further ahead than that: a slow client slows the paging, never fills memory.
 *
 * The first page is fetched before any byte is sent, so a refused or failed export is still an
 * ordinary problem response. A failure after that can only cut the chunked response short, which
 * every HTTP client reports as an incomplete transfer rather than a complete file.
 */
import { Readable } from 'node:stream';
import type { AuditFilters } from '@tr4ction/audit-chain';
import { exportPageRecords, RPC, type AuditExportPage, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { CSV_HEADER, formatRows, type ExportFormat } from './audit-export.format';

export type ExportFilters = AuditFilters;

type ExportPage = AuditExportPage;

type ExportRpc = Pick<RpcClient, 'send'>;

export async function openAuditExport(rpc: ExportRpc, meta: RequestMeta, filters: ExportFilters, format: ExportFormat): Promise<Readable> {
  const fetchPage = (after?: string, until?: string) => rpc.send(RPC.audit.export, meta, { filters, format, ...(after ? { after, until } : {}) });
  let first: ExportPage | undefined = await fetchPage();

  async function* chunks(): AsyncGenerator<string> {
    if (format === 'csv') yield CSV_HEADER;
    let page: ExportPage = first as ExportPage;
    first = undefined; // let the first page go once it is written, like every other
    for (;;) {
      // One page ahead: audit-service reads the next page while this one is formatted and written,
      // so the two processes work side by side. Memory stays bounded: two pages and one chunk.
      const next = page.next_after ? fetchPage(page.next_after, page.until) : undefined;
      next?.catch(() => undefined); // a failure surfaces at the await below, not as an unhandled rejection
      if (page.items_json.length > 0) yield formatRows(format, exportPageRecords(page));
      if (!next) return;
      page = await next;
    }
  }

  // Byte mode with a small high-water mark: at most one formatted page waits in the stream.
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
}
