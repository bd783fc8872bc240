/**
 * Reads of the audit log for compliance teams. Every read is itself audited (who asked, for what,
 * from where), and the record of it is committed before any data is returned: no unrecorded read.
 */
import { Inject, Injectable } from '@nestjs/common';
import { auditRowTextToJson, type AuditRecord } from '@tr4ction/audit-chain';
import {
  ADMIN_READ_ROUTES,
  AUDIT_READ_ENDPOINTS,
  REFUSED_AUDIT_READ_REASONS,
  type AdminReadRequest,
  type RefusedAuditReadReason,
  type RefusedAuditReadRequest,
  type RequestMeta,
} from '@tr4ction/contracts';
import { buildEvent, ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { SERVICE_NAME } from '@tr4ction/platform';
import { AUDIT_UNIT_OF_WORK } from '../database/audit-database';
import { AuditMetrics } from '../metrics/audit-metrics';
import { AuditVerificationService } from '../verification/audit-verification.service';
import { AuditRepository } from './audit.repository';
import { ExportReadAhead } from './export-read-ahead';
import type { AuditExportPage, AuditExportRequest, AuditFilters, AuditPage, AuditQuery, AuditVerifyAnswer } from './audit.types';

export const MAX_LIMIT = 1000;
/**
 * Fewer, fuller export pages (each is one NATS round trip and one query). Typical records (~650 bytes
 * as JSON) fit 1,000 to a page under MAX_PAGE_BYTES; a larger page would be cut by the budget, and
 * the rows read beyond the cut would be read again for the next page.
 */
export const EXPORT_PAGE_SIZE = 1000;
/** Replies travel over NATS (1 MiB messages by default): a page stops early rather than exceed this. */
export const MAX_PAGE_BYTES = 768 * 1024;
/** Export pages made ahead (see ExportReadAhead): one per export in progress, a few exports at once. */
const READ_AHEAD_PAGES = 4;
/** The gateway asks for the next page within milliseconds; a page not asked for by then is dropped. */
const READ_AHEAD_TTL_MS = 30_000;

const SEQ = /^\d{1,18}$/;
const FILTER_KEYS = ['type', 'actor_id', 'subject_id', 'outcome', 'from', 'to', 'trace_id'] as const;

@Injectable()
export class AuditQueryService {
  private readonly readAhead = new ExportReadAhead<AuditExportPage>(READ_AHEAD_PAGES, READ_AHEAD_TTL_MS);

  constructor(
    private readonly repo: AuditRepository,
    private readonly verification: AuditVerificationService,
    private readonly metrics: AuditMetrics,
    @Inject(AUDIT_UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async page(q: AuditQuery, meta: RequestMeta): Promise<AuditPage> {
    const limit = clampLimit(q.limit);
    const cursor = optionalSeq(q.cursor, 'cursor');
    const filters = pickFilters(q);
    await this.recordRead(meta, '/audit/events', { ...filters, ...(cursor ? { cursor } : {}), limit: String(limit) });
    const rows = await this.repo.range({ ...filters, order: 'desc', before: cursor, limit: limit + 1 });
    const items = withinBudget(rows, limit, asRecords);
    const more = rows.length > items.length;
    return { items, next_cursor: more ? String(items[items.length - 1].seq) : null };
  }

  /**
   * A page of an export, oldest first up to the snapshot `until`. Only the first page (no `after`) is
   * audited: one export is one read, however many pages it takes to stream.
   */
  async exportPage(req: Partial<AuditExportRequest> | undefined, meta: RequestMeta): Promise<AuditExportPage> {
    req ??= {};
    const filters = pickFilters(req.filters ?? {});
    let after = optionalSeq(req.after, 'after');
    let until = optionalSeq(req.until, 'until');
    if (after === undefined) {
      if (req.format !== 'csv' && req.format !== 'ndjson') throw new ServiceError('VALIDATION_FAILED', 'format must be csv or ndjson');
      await this.recordRead(meta, '/audit/events/export', { ...filters, format: req.format });
      until = String((await this.repo.head())?.seq ?? 0);
      after = '0';
    }
    if (until === undefined) throw new ServiceError('VALIDATION_FAILED', 'until is required after the first page');
    const snapshot = until;
    const page = await this.readAhead.take(exportPageKey(filters, after, snapshot), () => this.makeExportPage(filters, after, snapshot));
    const next = page.next_after;
    if (next) this.readAhead.start(exportPageKey(filters, next, snapshot), () => this.makeExportPage(filters, next, snapshot));
    return page;
  }

  private async makeExportPage(filters: AuditFilters, after: string, until: string): Promise<AuditExportPage> {
    const rows = await this.repo.rangeAsText({ ...filters, order: 'asc', after, until, limit: EXPORT_PAGE_SIZE + 1 });
    const items = withinBudget(rows.slice(0, EXPORT_PAGE_SIZE).map(auditRowTextToJson), EXPORT_PAGE_SIZE, asJsonTexts);
    const more = rows.length > items.length;
    return { items_json: items, until, next_after: more ? rows[items.length - 1].seq : null };
  }

  async verify(meta: RequestMeta): Promise<AuditVerifyAnswer> {
    await this.recordRead(meta, '/audit/verify', {});
    return this.verification.verify();
  }

  /**
   * A read the gateway refused (403 FORBIDDEN or INSUFFICIENT_SCOPE): recorded as AuditLogQueried with outcome failure,
   * the caller as actor. Only authenticated callers get here (the gateway never reports a 401), so
   * the append-only log cannot be flooded anonymously. The filters were never validated: only the
   * known keys are kept, as bounded strings, and nothing is refused for their sake.
   */
  async recordRefused(req: Partial<RefusedAuditReadRequest> | undefined, meta: RequestMeta): Promise<{ recorded: true }> {
    const endpoint = req?.endpoint;
    if (!endpoint || !(AUDIT_READ_ENDPOINTS as readonly string[]).includes(endpoint))
      throw new ServiceError('VALIDATION_FAILED', 'endpoint must be an audit read');
    const reason = req?.reason;
    if (!reason || !(REFUSED_AUDIT_READ_REASONS as readonly string[]).includes(reason))
      throw new ServiceError('VALIDATION_FAILED', 'reason must be FORBIDDEN or INSUFFICIENT_SCOPE');
    if ((meta.actor.type !== 'user' && meta.actor.type !== 'service_account') || !meta.actor.id) {
      throw new ServiceError('VALIDATION_FAILED', 'a refused read is recorded for an authenticated caller only');
    }
    await this.recordRead(meta, endpoint, refusedFilters(endpoint, req.query), { outcome: 'failure', reason, ...collapsed(req) });
    return { recorded: true };
  }

  /**
   * Admin reads (the runbook's weekly "who accessed admin functions" review), collapsed by the
   * gateway: one AdminRead per caller, route and window, the caller as actor, with the count.
   */
  async recordAdminRead(req: Partial<AdminReadRequest> | undefined, meta: RequestMeta): Promise<{ recorded: true }> {
    const route = req?.route;
    if (!route || !(ADMIN_READ_ROUTES as readonly string[]).includes(route)) throw new ServiceError('VALIDATION_FAILED', 'route must be an audited admin read');
    if ((meta.actor.type !== 'user' && meta.actor.type !== 'service_account') || !meta.actor.id) {
      throw new ServiceError('VALIDATION_FAILED', 'an admin read is recorded for an authenticated caller only');
    }
    const { count, first_at, last_at } = collapsed(req);
    if (count === undefined || first_at === undefined || last_at === undefined)
      throw new ServiceError('VALIDATION_FAILED', 'count, first_at and last_at are required');
    const event = buildEvent(this.service, meta, { type: 'AdminRead', subject: { type: 'admin-route', id: route }, data: { route, count, first_at, last_at } });
    await this.unitOfWork.run((_m, record) => record([event]));
    return { recorded: true };
  }

  private async recordRead(meta: RequestMeta, endpoint: string, filters: Record<string, string>, refused?: RefusedRead): Promise<void> {
    const { outcome, ...refusal } = refused ?? {};
    const event = buildEvent(this.service, meta, {
      type: 'AuditLogQueried',
      subject: { type: 'audit-log', id: 'audit_log_v1' },
      ...(outcome ? { outcome } : {}),
      data: { endpoint, filters, ...refusal },
    });
    await this.unitOfWork.run((_m, record) => record([event]));
    if (!refused) this.metrics.reads.inc({ endpoint });
  }
}

interface RefusedRead {
  outcome: 'failure';
  reason: RefusedAuditReadReason;
  count?: number;
  first_at?: string;
  last_at?: string;
}

const MAX_COLLAPSED = 1_000_000_000;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** How many refusals the gateway collapsed into this record, and when: kept only when well formed. */
function collapsed(req: Partial<Pick<RefusedAuditReadRequest, 'count' | 'first_at' | 'last_at'>>): Pick<RefusedRead, 'count' | 'first_at' | 'last_at'> {
  const out: Pick<RefusedRead, 'count' | 'first_at' | 'last_at'> = {};
  if (req.count !== undefined) {
    if (!Number.isInteger(req.count) || req.count < 1 || req.count > MAX_COLLAPSED)
      throw new ServiceError('VALIDATION_FAILED', 'count must be a positive integer');
    out.count = req.count;
  }
  for (const key of ['first_at', 'last_at'] as const) {
    const value = req[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !INSTANT.test(value)) throw new ServiceError('VALIDATION_FAILED', `${key} must be an RFC 3339 UTC instant`);
    out[key] = value;
  }
  return out;
}

/** What a refused read asked for: the known filters (and an export's format), strings cut to 256 characters. */
function refusedFilters(endpoint: string, query: unknown): Record<string, string> {
  if (endpoint === '/audit/verify' || typeof query !== 'object' || query === null) return {};
  const q = query as Record<string, unknown>;
  const keys: readonly string[] = endpoint === '/audit/events/export' ? [...FILTER_KEYS, 'format'] : [...FILTER_KEYS, 'cursor', 'limit'];
  const out: Record<string, string> = {};
  for (const key of keys) if (typeof q[key] === 'string' && q[key] !== '') out[key] = q[key].slice(0, 256);
  return out;
}

function clampLimit(value: unknown): number {
  const n = value === undefined || value === null ? 100 : Math.trunc(Number(value));
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_LIMIT) : 100;
}

function optionalSeq(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !SEQ.test(value)) throw new ServiceError('VALIDATION_FAILED', `${name} is invalid`);
  return value;
}

function pickFilters(q: AuditFilters): AuditFilters & Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = q[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || value.length > 256) throw new ServiceError('VALIDATION_FAILED', `${key} is invalid`);
    out[key] = value;
  }
  if (out.outcome !== undefined && out.outcome !== 'success' && out.outcome !== 'failure')
    throw new ServiceError('VALIDATION_FAILED', 'outcome must be success or failure');
  for (const key of ['from', 'to'] as const) {
    if (out[key] === undefined) continue;
    const at = Date.parse(out[key]);
    if (Number.isNaN(at)) throw new ServiceError('VALIDATION_FAILED', `${key} must be a timestamp`);
    // Handed to Postgres in one unambiguous form, whatever spelling Date.parse accepted.
    out[key] = new Date(at).toISOString();
  }
  return out as AuditFilters & Record<string, string>;
}

/**
 * The first `limit` rows, or fewer if they would not fit in one reply (always at least one);
 * `encoded` is how rows travel in it.
 */
function withinBudget<T>(rows: readonly T[], limit: number, encoded: (rows: readonly T[]) => string): T[] {
  const page = rows.slice(0, limit);
  // Usually the whole page fits: one serialisation of it is far cheaper than one per row, and its
  // size bounds the sum of the rows' sizes.
  if (Buffer.byteLength(encoded(page)) <= MAX_PAGE_BYTES) return page;
  const items: T[] = [];
  let bytes = 0;
  for (const row of page) {
    bytes += Buffer.byteLength(encoded([row]));
    if (items.length > 0 && bytes > MAX_PAGE_BYTES) break;
    items.push(row);
  }
  return items;
}

const asRecords = (rows: readonly AuditRecord[]): string => JSON.stringify(rows);

/** What makes two export requests the same page. */
function exportPageKey(filters: AuditFilters, after: string, until: string): string {
  return JSON.stringify([FILTER_KEYS.map((k) => filters[k] ?? null), after, until]);
}

/** Records' JSON texts as the reply carries them: strings, their quotes and backslashes escaped again. */
const asJsonTexts = (records: readonly string[]): string => JSON.stringify(records);
