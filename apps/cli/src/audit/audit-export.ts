/**
 * Every audit record matching the filters, paged through `rpc.audit.query` with its keyset cursor
 * (newest first) and written page by page with backpressure: memory holds one page, whatever the
 * size of the log. Records appended while the export runs are newer than the first page and are
 * not included, so the export is a stable cut.
 */
import type { Writable } from 'node:stream';
import type { AuditFilters, AuditPage } from '@tr4ction/audit-chain';

export type { AuditFilters, AuditPage } from '@tr4ction/audit-chain';
import { writeAll } from '../framework/cli-io';
import { formatter, type ExportFormat } from './audit-format';

export type FetchPage = (query: AuditFilters & { cursor?: string; limit: number }) => Promise<AuditPage>;

export async function exportAudit(
  fetchPage: FetchPage,
  filters: AuditFilters,
  format: ExportFormat,
  out: Writable,
  pageSize = 1000,
): Promise<{ records: number; pages: number }> {
  const { header, row } = formatter(format);
  if (header) await writeAll(out, header);
  let cursor: string | undefined;
  let records = 0;
  let pages = 0;
  for (;;) {
    const page = await fetchPage({ ...filters, limit: pageSize, ...(cursor ? { cursor } : {}) });
    pages++;
    if (page.items.length) await writeAll(out, page.items.map(row).join(''));
    records += page.items.length;
    if (!page.next_cursor) return { records, pages };
    cursor = page.next_cursor;
  }
}
