import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RPC, type RotationOutcome } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { asOfQuerySchema, type AsOfQuery } from '../admin-users/admin-users.schemas';
import { AS_OF_RULES, Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_RPC } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { checkParam, KID_PARAM, revokeBodySchema, type OptionalReasonBody } from './token.schemas';
import { ApiContract } from '../http/openapi/api-contract.decorator';
import { ApiQueryFromSchema } from '../http/openapi/api-query.decorator';

@ApiTags('admin')
@Controller('admin/keys')
export class AdminKeysController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'], scope: 'keys:read', asOf: AS_OF_RULES })
  @ApiQueryFromSchema(asOfQuerySchema, { as_of: 'RFC 3339 instant: a point-in-time read (recorded as HistoryQueried)' })
  @ApiContract({
    id: 'admin.keys.list',
    summary:
      'Signing keys: kid, alg, status (next|active|retiring|retired|revoked), created_at, activated_at, expires_at; with as_of (admin or auditor, audit:read): the keys and their status at that instant, with evidence',
    success: { status: 200, description: 'Signing keys (as they were at as_of when given)', schema: 'SigningKeys' },
  })
  list(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<AsOfQuery>(asOfQuerySchema)) q: AsOfQuery): Promise<unknown> {
    if (q.as_of !== undefined) return this.rpc.send(RPC.audit.asOf.keys, requestMeta(req, this.addresses), { as_of: q.as_of });
    return this.rpc.send(RPC.rotation.listKeys, requestMeta(req, this.addresses), {});
  }

  @Post('rotate')
  @Authenticated({ roles: ['admin'], scope: 'keys:rotate' })
  @ApiContract({
    id: 'admin.keys.rotate',
    summary: 'Planned rotation: the next key (public for at least one JWKS cache period) starts signing; the old key verifies until its tokens expire',
    success: [
      { status: 200, description: 'Rotated now', schema: 'RotationOutcome' },
      { status: 202, description: 'Scheduled: the next key becomes active at activates_at', schema: 'RotationOutcome' },
    ],
    problems: ['CONFLICT'],
  })
  async rotate(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RotationOutcome> {
    const outcome = await this.rpc.send(RPC.rotation.rotateKeys, requestMeta(req, this.addresses), {}, 30_000);
    void reply.status(outcome.status === 'scheduled' ? 202 : 200);
    return outcome;
  }

  @Post(':kid/revoke')
  @Authenticated({ roles: ['admin'], scope: 'keys:rotate' })
  @HttpCode(200)
  @ApiBody({ schema: revokeBodySchema as never })
  @ApiContract({
    id: 'admin.keys.revoke',
    summary: 'Emergency: the key stops verifying at once; if it was signing, the next key takes over',
    success: { status: 200, description: 'The revoked key', schema: 'SigningKey' },
    problems: ['NOT_FOUND', 'CONFLICT'],
  })
  revoke(
    @Req() req: AuthenticatedRequest,
    @Param('kid') kid: string,
    @Body(new SchemaPipe<OptionalReasonBody>(revokeBodySchema)) body: OptionalReasonBody,
  ): Promise<unknown> {
    return this.rpc.send(
      RPC.rotation.revokeKey,
      requestMeta(req, this.addresses),
      { kid: checkParam(kid, KID_PARAM, 'kid'), reason: body.reason ?? 'revoked by an administrator' },
      30_000,
    );
  }
}
