import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_CONFIG, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { auditQuerySchema, type AuditQueryParams } from '../http/schemas';

interface AuditPage {
  items: Array<Record<string, unknown> & { trace_id: string | null }>;
  next_cursor: string | null;
}

@ApiTags('audit')
@Controller('audit')
@Authenticated({ roles: ['admin', 'auditor'] })
export class AuditController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(GATEWAY_CONFIG) private readonly config: { JAEGER_UI_URL?: string },
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'Audit records, newest first, keyset paged' })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'actor_id', required: false })
  @ApiQuery({ name: 'subject_id', required: false })
  @ApiQuery({ name: 'outcome', required: false, enum: ['success', 'failure'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'trace_id', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async events(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<AuditQueryParams>(auditQuerySchema)) q: AuditQueryParams): Promise<AuditPage> {
    const { limit, format: _format, ...filters } = q;
    const page = await this.rpc.send<unknown, AuditPage>(RPC.audit.query, requestMeta(req, this.addresses), { ...filters, ...(limit ? { limit: Number(limit) } : {}) });
    const jaeger = this.config.JAEGER_UI_URL;
    if (jaeger) for (const item of page.items) if (item.trace_id) item.trace_url = `${jaeger.replace(/\/$/, '')}/trace/${item.trace_id}`;
    return page;
  }

  @Get('verify')
  @ApiOperation({ summary: 'Walk the hash chain and check it against signed checkpoints' })
  verify(@Req() req: AuthenticatedRequest): Promise<unknown> {
    return this.rpc.send(RPC.audit.verify, requestMeta(req, this.addresses), {}, 120_000);
  }
}
