/**
 * Point-in-time answers (docs/point-in-time.md, docs/api.md) from the temporal projections and the log.
 * Every read is recorded as HistoryQueried, committed before any data is returned (no unrecorded
 * read), and every item names the audit record that last shaped it.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AUDIT_ROW_COLUMNS, auditRowToRecord, type AuditRow } from '@tr4ction/audit-chain';
import type {
  AsOfPage,
  AsOfUsersRequest,
  Evidence,
  PointInTimeView,
  RequestMeta,
  ServiceAccountAsOf,
  SettingAsOf,
  SigningKeyAsOf,
  UserAsOf,
  UserHistoryEntry,
} from '@tr4ction/contracts';
import { ROLES } from '@tr4ction/contracts';
import { buildEvent, ServiceError, type UnitOfWork } from '@tr4ction/messaging';
import { SERVICE_NAME } from '@tr4ction/platform';
import { AUDIT_DATA_SOURCE, AUDIT_UNIT_OF_WORK } from '../database/audit-database';
import { limitOf, optionalFilter, optionalSeqCursor, optionalUserCursor, parseAsOf, parseUserId } from './as-of.validation';
import { changesOf } from './history-changes';
import type { EntityState } from './temporal-fold';
import { VALID_AT } from './temporal.repository';

const USER_PAGE_DEFAULT = 50;
const USER_PAGE_MAX = 200;
const HISTORY_PAGE_MAX = 1000;
export const USER_STATUSES = ['active', 'locked'] as const;

interface VersionHit {
  entity_id: string;
  state: EntityState;
  from_seq: string;
  event_id: string | null;
}

@Injectable()
export class PointInTimeService {
  constructor(
    @Inject(AUDIT_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(AUDIT_UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async users(req: Partial<AsOfUsersRequest> | undefined, meta: RequestMeta): Promise<AsOfPage<UserAsOf>> {
    const asOf = parseAsOf(req?.as_of);
    const role = optionalFilter(req?.role, 'role', ROLES);
    const status = optionalFilter(req?.status, 'status', USER_STATUSES);
    const cursor = optionalUserCursor(req?.cursor);
    const limit = limitOf(req?.limit, USER_PAGE_DEFAULT, USER_PAGE_MAX);
    await this.record(meta, 'users', asOf, { ...(role ? { role } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}), limit: String(limit) });
    const params: unknown[] = [asOf];
    const where = [`kind = 'user'`, VALID_AT];
    if (role) {
      params.push(JSON.stringify([role]));
      where.push(`state->'roles' @> $${params.length}::jsonb`);
    }
    if (status) where.push(`${status === 'locked' ? '' : 'NOT '}${LOCKED_AT}`);
    if (cursor) {
      params.push(cursor);
      where.push(`entity_id > $${params.length}`);
    }
    params.push(limit + 1);
    const rows: VersionHit[] = await this.dataSource.query(
      `SELECT entity_id, state, from_seq, event_id FROM audit.entity_versions_v1 WHERE ${where.join(' AND ')} ORDER BY entity_id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map((r) => userOf(r, asOf));
    return { as_of: asOf, items, next_cursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async user(req: { user_id?: unknown; as_of?: unknown } | undefined, meta: RequestMeta): Promise<UserAsOf & { as_of: string }> {
    const asOf = parseAsOf(req?.as_of);
    const id = parseUserId(req?.user_id);
    await this.record(meta, 'user', asOf, { user_id: id });
    const rows: VersionHit[] = await this.dataSource.query(
      `SELECT entity_id, state, from_seq, event_id FROM audit.entity_versions_v1 WHERE kind = 'user' AND ${VALID_AT} AND entity_id = $2`,
      [asOf, id],
    );
    if (!rows[0]) throw new ServiceError('NOT_FOUND', 'No such user at that instant');
    return { as_of: asOf, ...userOf(rows[0], asOf) };
  }

  /**
   * Every audit record about the user, oldest first (keyset paged on seq). By id, or by email: the
   * newest account that ever held the address (deleted ones included), as the CLI asks.
   */
  async userHistory(
    req: { user_id?: unknown; email?: unknown; cursor?: unknown; limit?: unknown } | undefined,
    meta: RequestMeta,
  ): Promise<{ user_id: string; items: UserHistoryEntry[]; next_cursor: string | null }> {
    const id = req?.email !== undefined ? await this.userIdByEmail(req.email) : parseUserId(req?.user_id);
    const after = optionalSeqCursor(req?.cursor) ?? 0;
    const limit = limitOf(req?.limit, HISTORY_PAGE_MAX, HISTORY_PAGE_MAX);
    await this.record(meta, 'user-history', null, { user_id: id, ...(after ? { cursor: String(after) } : {}) });
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${AUDIT_ROW_COLUMNS} FROM audit.audit_log_v1 WHERE subject_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [id, after, limit + 1],
    );
    const items = rows.slice(0, limit).map((row) => {
      const r = auditRowToRecord(row);
      return { event_id: r.event_id, audit_seq: r.seq, type: r.type, occurred_at: r.occurred_at, actor: r.actor, changes: changesOf(r) };
    });
    return { user_id: id, items, next_cursor: rows.length > limit ? String(items[items.length - 1].audit_seq) : null };
  }

  private async userIdByEmail(email: unknown): Promise<string> {
    if (typeof email !== 'string' || email.length < 3 || email.length > 254 || !email.includes('@'))
      throw new ServiceError('VALIDATION_FAILED', 'email is invalid');
    const rows: Array<{ entity_id: string }> = await this.dataSource.query(
      `SELECT entity_id FROM audit.entity_versions_v1 WHERE kind = 'user' AND lower(state->>'email') = lower($1) ORDER BY from_seq DESC LIMIT 1`,
      [email],
    );
    if (!rows[0]) throw new ServiceError('NOT_FOUND', 'No account ever had that email');
    return rows[0].entity_id;
  }

  async settings(req: { as_of?: unknown } | undefined, meta: RequestMeta): Promise<{ as_of: string; items: SettingAsOf[] }> {
    const asOf = parseAsOf(req?.as_of);
    await this.record(meta, 'settings', asOf, {});
    const rows = await this.versionsAt('setting', asOf);
    return { as_of: asOf, items: rows.map((r) => ({ key: r.entity_id, value: r.state.value, evidence: evidenceOf(r) })) };
  }

  async keys(req: { as_of?: unknown } | undefined, meta: RequestMeta): Promise<{ as_of: string; items: SigningKeyAsOf[] }> {
    const asOf = parseAsOf(req?.as_of);
    await this.record(meta, 'keys', asOf, {});
    const rows = await this.versionsAt('signing_key', asOf);
    const items = rows.map((r) => ({ ...(r.state as unknown as Omit<SigningKeyAsOf, 'evidence'>), evidence: evidenceOf(r) as Evidence }));
    return { as_of: asOf, items: items.sort((a, b) => a.created_at.localeCompare(b.created_at)) };
  }

  async serviceAccounts(req: { as_of?: unknown } | undefined, meta: RequestMeta): Promise<{ as_of: string; items: ServiceAccountAsOf[] }> {
    const asOf = parseAsOf(req?.as_of);
    await this.record(meta, 'service-accounts', asOf, {});
    const rows = await this.versionsAt('service_account', asOf);
    const items = rows.map((r) => ({ ...(r.state as unknown as Omit<ServiceAccountAsOf, 'evidence'>), evidence: evidenceOf(r) as Evidence }));
    return { as_of: asOf, items: items.sort((a, b) => a.created_at.localeCompare(b.created_at)) };
  }

  private versionsAt(kind: string, asOf: string): Promise<VersionHit[]> {
    return this.dataSource.query(
      `SELECT entity_id, state, from_seq, event_id FROM audit.entity_versions_v1 WHERE kind = $2 AND ${VALID_AT} ORDER BY entity_id`,
      [asOf, kind],
    );
  }

  private async record(meta: RequestMeta, view: PointInTimeView, asOf: string | null, filters: Record<string, string>): Promise<void> {
    const event = buildEvent(this.service, meta, {
      type: 'HistoryQueried',
      subject: { type: 'audit-log', id: 'audit_log_v1' },
      data: { view, as_of: asOf, filters },
    });
    await this.unitOfWork.run((_m, record) => record([event]));
  }
}

/** A lockout running at the instant ($1): locked_until after it. */
const LOCKED_AT = `(state->>'locked_until' IS NOT NULL AND (state->>'locked_until')::timestamptz > $1::timestamptz)`;

function evidenceOf(r: VersionHit): Evidence | null {
  return r.event_id ? { event_id: r.event_id, audit_seq: Number(r.from_seq) } : null;
}

function userOf(r: VersionHit, asOf: string): UserAsOf {
  const s = r.state as { email: string; name: string | null; roles: string[]; locked_until: string | null; created_at: string };
  const locked = s.locked_until !== null && Date.parse(s.locked_until) > Date.parse(asOf);
  return {
    id: r.entity_id,
    email: s.email,
    name: s.name,
    roles: s.roles,
    status: locked ? 'locked' : 'active',
    created_at: s.created_at,
    evidence: evidenceOf(r) as Evidence,
  };
}
