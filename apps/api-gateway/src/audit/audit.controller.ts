import { Controller, Get, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RPC, type AuditRecord } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { AUDIT_READ_SLOTS, CLIENT_ADDRESS, GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { actorOf, requestMeta } from '../http/request-meta';
import type { AuditReadSlots } from './audit-read-slots';
import { SchemaPipe } from '../http/schema-validation';
import { auditQuerySchema, type AuditQueryParams } from '../http/schemas';
import { EXPORT_CONTENT_TYPES } from './audit-export.format';
import { AuditRefusalFilter } from './audit-refusal.filter';
import { openAuditExport, type ExportFilters } from './audit-export.stream';
import { ApiContract } from '../http/openapi/api-contract.decorator';
import { ApiQueryFromSchema } from '../http/openapi/api-query.decorator';

/** audit-service's page, each record with a link to its trace where a trace viewer is configured. */
interface AuditPage {
  items: Array<AuditRecord & { trace_url?: string }>;
  next_cursor: string | null;
}

/** What the audit query parameters mean (their types come from auditQuerySchema). */
const AUDIT_QUERY_DESCRIPTIONS = {
  from: 'occurred_at >= from (RFC 3339)',
  to: 'occurred_at < to (RFC 3339)',
  cursor: 'next_cursor of the previous page',
  limit: '1..1000, default 100',
  format: 'default ndjson',
};

function auditFilters(q: AuditQueryParams): ExportFilters {
  const { type, actor_id, subject_id, outcome, from, to, trace_id } = q;
  return Object.fromEntries(Object.entries({ type, actor_id, subject_id, outcome, from, to, trace_id }).filter(([, v]) => v !== undefined)) as ExportFilters;
}

@ApiTags('audit')
@Controller('audit')
@UseFilters(AuditRefusalFilter)
export class AuditController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(GATEWAY_CONFIG) private readonly config: { JAEGER_UI_URL?: string },
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_READ_SLOTS) private readonly slots: AuditReadSlots,
  ) {}

  /** A slot for one heavy read of the caller (429 / 503 with Retry-After when none is free). */
  private slot(req: AuthenticatedRequest): () => void {
    const actor = req.auth ? actorOf(req.auth) : { type: 'user', id: null };
    return this.slots.acquire(`${actor.type}:${actor.id ?? ''}`);
  }

  @Get('events')
  @Authenticated({ roles: ['admin', 'auditor'], scope: 'audit:read' })
  @ApiQueryFromSchema(auditQuerySchema, AUDIT_QUERY_DESCRIPTIONS, ['format'])
  @ApiContract({
    id: 'audit.events.list',
    summary: 'Audit records, newest first, keyset paged',
    success: { status: 200, description: 'A page of audit records', schema: 'AuditPage' },
  })
  async events(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<AuditQueryParams>(auditQuerySchema)) q: AuditQueryParams): Promise<AuditPage> {
    const { limit, cursor } = q;
    const page: AuditPage = await this.rpc.send(RPC.audit.query, requestMeta(req, this.addresses), {
      ...auditFilters(q),
      ...(cursor ? { cursor } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
    });
    const jaeger = this.config.JAEGER_UI_URL;
    if (jaeger) for (const item of page.items) if (item.trace_id) item.trace_url = `${jaeger.replace(/\/$/, '')}/trace/${item.trace_id}`;
    return page;
  }

  @Get('events/export')
  @Authenticated({ roles: ['admin', 'auditor'], scope: 'audit:read' })
  @ApiQueryFromSchema(auditQuerySchema, AUDIT_QUERY_DESCRIPTIONS)
  @ApiContract({
    id: 'audit.events.export',
    summary: 'Every matching record as a streamed file, oldest first, as of the moment the export started',
    success: { status: 200, description: 'Every matching record: CSV or NDJSON', contentTypes: [EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.ndjson] },
    problems: ['RATE_LIMITED'],
  })
  async export(
    @Req() req: AuthenticatedRequest,
    @Query(new SchemaPipe<AuditQueryParams>(auditQuerySchema)) q: AuditQueryParams,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Paging parameters do not apply: an export is every match.
    const format = q.format ?? 'ndjson';
    const release = this.slot(req);
    // Held until the file is sent or the client goes away, whichever comes first.
    reply.raw.once('close', release);
    let stream;
    try {
      stream = await openAuditExport(this.rpc, requestMeta(req, this.addresses), auditFilters(q), format);
    } catch (err) {
      release();
      throw err;
    }
    stream.once('error', (err: Error) => this.logger.error({ err_name: err.name, request_id: String(req.id) }, 'audit export cut short'));
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    void reply
      .status(200)
      .header('Content-Type', EXPORT_CONTENT_TYPES[format])
      .header('Content-Disposition', `attachment; filename="audit-events-${stamp}.${format}"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  }

  @Get('verify')
  @Authenticated({ roles: ['admin', 'auditor'], scope: 'audit:read' })
  @ApiContract({
    id: 'audit.verify',
    summary: 'Walk the hash chain and check it against signed checkpoints',
    success: { status: 200, description: 'The verdict on the chain', schema: 'VerifyResult' },
    problems: ['RATE_LIMITED'],
  })
  async verify(@Req() req: AuthenticatedRequest): Promise<unknown> {
    const release = this.slot(req);
    try {
      return await this.rpc.send(RPC.audit.verify, requestMeta(req, this.addresses), {}, 120_000);
    } finally {
      release();
    }
  }
}
