import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { RPC } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { asOfQuerySchema, type AsOfQuery } from '../admin-users/admin-users.schemas';
import { AS_OF_RULES, Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { checkParam, createServiceAccountBodySchema, UUID_PARAM, type CreateServiceAccountBody } from '../tokens/token.schemas';
import { ApiContract } from '../http/openapi/api-contract.decorator';
import { ApiQueryFromSchema } from '../http/openapi/api-query.decorator';

@ApiTags('admin')
@Controller('admin/service-accounts')
export class ServiceAccountsController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'], scope: 'service-accounts:read', asOf: AS_OF_RULES })
  @ApiQueryFromSchema(asOfQuerySchema, { as_of: 'RFC 3339 instant: a point-in-time read (recorded as HistoryQueried)' })
  @ApiContract({
    id: 'admin.serviceAccounts.list',
    summary:
      'Service accounts, with their scopes, expiry and rotation due dates (never a secret); with as_of (admin or auditor, audit:read): as they were at that instant, with evidence',
    success: { status: 200, description: 'Service accounts (as they were at as_of when given)', schema: 'ServiceAccounts' },
  })
  list(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<AsOfQuery>(asOfQuerySchema)) q: AsOfQuery): Promise<unknown> {
    if (q.as_of !== undefined) return this.rpc.send(RPC.audit.asOf.serviceAccounts, requestMeta(req, this.addresses), { as_of: q.as_of });
    return this.rpc.send(RPC.rotation.listServiceAccounts, requestMeta(req, this.addresses), {});
  }

  @Post()
  @Authenticated({ roles: ['admin'], scope: 'service-accounts:write' })
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ schema: createServiceAccountBodySchema as never })
  @ApiContract({
    id: 'admin.serviceAccounts.create',
    summary: 'Create a service account: the client_secret (32 random bytes) is shown once and stored only as a hash',
    success: { status: 201, description: 'The account and its client_secret (shown once)', schema: 'CreatedServiceAccount' },
  })
  create(
    @Req() req: AuthenticatedRequest,
    @Body(new SchemaPipe<CreateServiceAccountBody>(createServiceAccountBodySchema)) body: CreateServiceAccountBody,
  ): Promise<unknown> {
    return this.rpc.send(RPC.rotation.createServiceAccount, requestMeta(req, this.addresses), body);
  }

  @Post(':id/rotate')
  @Authenticated({ roles: ['admin'], scope: 'service-accounts:write' })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiContract({
    id: 'admin.serviceAccounts.rotate',
    summary: 'New client_secret; the previous one keeps working until previous_valid_until (grace window)',
    success: { status: 200, description: 'The new secret (shown once)', schema: 'RotatedSecret' },
    problems: ['NOT_FOUND', 'CONFLICT'],
  })
  rotate(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<unknown> {
    return this.rpc.send(RPC.rotation.rotateServiceAccount, requestMeta(req, this.addresses), { id: checkParam(id, UUID_PARAM, 'id') });
  }

  @Delete(':id')
  @Authenticated({ roles: ['admin'], scope: 'service-accounts:write' })
  @HttpCode(204)
  @ApiContract({
    id: 'admin.serviceAccounts.delete',
    summary: 'Revoke: every secret stops at once and the tokens it obtained are rejected',
    success: { status: 204, description: 'Revoked' },
    problems: ['NOT_FOUND', 'CONFLICT'],
  })
  async revoke(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.rpc.send(RPC.rotation.revokeServiceAccount, requestMeta(req, this.addresses), {
      id: checkParam(id, UUID_PARAM, 'id'),
      reason: 'revoked by an administrator',
    });
  }
}
