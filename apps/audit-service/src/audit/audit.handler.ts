import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ALL_EVENTS_SUBJECT, RPC, type AdminReadRequest, type RefusedAuditReadRequest } from '@tr4ction/contracts';
import { JETSTREAM, JetStreamBatchContext, type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { AuditProjectionService } from './audit-projection.service';
import { AuditQueryService } from './audit-query.service';
import type { AuditExportPage, AuditExportRequest, AuditPage, AuditQuery, AuditVerifyAnswer } from './audit.types';

@Controller()
export class AuditHandler {
  constructor(
    private readonly projection: AuditProjectionService,
    private readonly queries: AuditQueryService,
  ) {}

  /**
   * A backlog arrives in batches that go into the projection's group commit whole. The transport has
   * verified each event's producer signature and ownership; the proofs are kept with the records.
   */
  @EventPattern(ALL_EVENTS_SUBJECT, JETSTREAM, { batch: true })
  async onEvents(@Payload() payloads: unknown[], @Ctx() context: JetStreamBatchContext): Promise<void> {
    await this.projection.projectBatch(payloads, context.getProofs());
  }

  @RpcHandler(RPC.audit.query)
  query(@Payload() { meta, data }: RpcEnvelope<AuditQuery>): Promise<AuditPage> {
    return this.queries.page(data ?? {}, meta);
  }

  @RpcHandler(RPC.audit.export)
  exportPage(@Payload() { meta, data }: RpcEnvelope<AuditExportRequest>): Promise<AuditExportPage> {
    return this.queries.exportPage(data, meta);
  }

  @RpcHandler(RPC.audit.verify)
  verify(@Payload() { meta }: RpcEnvelope<Record<string, never>>): Promise<AuditVerifyAnswer> {
    return this.queries.verify(meta);
  }

  @RpcHandler(RPC.audit.refusedRead)
  refusedRead(@Payload() { meta, data }: RpcEnvelope<RefusedAuditReadRequest>): Promise<{ recorded: true }> {
    return this.queries.recordRefused(data, meta);
  }

  @RpcHandler(RPC.audit.adminRead)
  adminRead(@Payload() { meta, data }: RpcEnvelope<AdminReadRequest>): Promise<{ recorded: true }> {
    return this.queries.recordAdminRead(data, meta);
  }
}
