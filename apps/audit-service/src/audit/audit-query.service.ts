import { Inject, Injectable } from '@nestjs/common';
import { verifyChain, type VerifyResult } from '@tr4ction/audit-chain';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, ServiceError, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import { DATA_SOURCE, EVENT_RECORDER, OUTBOX_RELAY } from '@tr4ction/platform';
import type { DataSource } from 'typeorm';
import { AuditRepository } from './audit.repository';
import type { AuditPage, AuditQuery } from './audit.types';

const MAX_LIMIT = 1000;

/** Reads of the audit log for compliance teams; every read is itself audited. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repo: AuditRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
  ) {}

  async page(q: AuditQuery, meta: RequestMeta): Promise<AuditPage> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_LIMIT);
    if (q.cursor !== undefined && !/^\d{1,18}$/.test(q.cursor)) throw new ServiceError('VALIDATION_FAILED', 'cursor is invalid');
    const items = await this.repo.query({ ...q, limit: limit + 1 });
    const more = items.length > limit;
    if (more) items.pop();
    await this.recordRead(meta, '/audit/events', q);
    return { items, next_cursor: more ? String(items[items.length - 1].seq) : null };
  }

  async verify(meta: RequestMeta): Promise<VerifyResult> {
    const result = await verifyChain(this.repo.readAscending(), [], []);
    await this.recordRead(meta, '/audit/verify', {});
    return result;
  }

  private async recordRead(meta: RequestMeta, endpoint: string, q: AuditQuery): Promise<void> {
    const filters: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) filters[k] = String(v);
    await this.dataSource.transaction((m) =>
      this.recorder.publishOnly(m, [
        buildEvent('audit-service', meta, { type: 'AuditLogQueried', subject: { type: 'audit-log', id: 'audit_log_v1' }, data: { endpoint, filters } }),
      ]),
    );
    this.relay.wake();
  }
}
