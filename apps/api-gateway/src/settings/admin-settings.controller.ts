/**
 * /admin/settings: runtime settings for the admin role. user-service owns them and records each
 * change as ConfigurationChanged; this replica applies the answer at once, the other replicas
 * (gateways, user-service, auth-service) reload on the event.
 */
import { Body, Controller, Get, Headers, Inject, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RPC, type AsOfList, type SettingAsOf, type RuntimeSettingsPatch, type UpdateSettingsRequest } from '@tr4ction/contracts';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import { asOfQuerySchema, type AsOfQuery } from '../admin-users/admin-users.schemas';
import { AS_OF_RULES, Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { GatewayError } from '../http/problem';
import { CLIENT_ADDRESS, GATEWAY_RPC, RUNTIME_SETTINGS } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { updateSettingsBodySchema } from './admin-settings.schemas';
import { expectedVersion, settingsEtag, toSettingsView, type SettingsView } from './settings-view';
import { ApiContract } from '../http/openapi/api-contract.decorator';
import { ApiQueryFromSchema } from '../http/openapi/api-query.decorator';

@ApiTags('admin')
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettingsFollower,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'], scope: 'settings:read', asOf: AS_OF_RULES })
  @ApiQueryFromSchema(asOfQuerySchema, { as_of: 'RFC 3339 instant: a point-in-time read (recorded as HistoryQueried)' })
  @ApiContract({
    id: 'admin.settings.get',
    summary:
      'Effective runtime settings (environment defaults with every admin change applied); ETag = settings version. With as_of (admin or auditor, audit:read): {as_of, items:[{key, value, evidence}]} as they were at that instant',
    success: {
      status: 200,
      description: 'The effective settings (ETag: their version), or with as_of the settings then',
      schema: 'Settings',
      headers: { ETag: 'The settings version, for If-Match (absent with as_of)' },
    },
  })
  async get(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query(new SchemaPipe<AsOfQuery>(asOfQuerySchema)) q: AsOfQuery,
  ): Promise<SettingsView | AsOfList<SettingAsOf>> {
    if (q.as_of !== undefined) return this.asOf(req, q.as_of);
    const snapshot = await this.rpc.send(RPC.user.settings, requestMeta(req, this.addresses), {});
    void reply.header('ETag', settingsEtag(snapshot.version));
    return toSettingsView(snapshot);
  }

  /**
   * The settings at an instant: the keys a recorded change touched come from the audit trail (with
   * evidence); a key no change has ever touched holds its environment value, today's (evidence null).
   * A key an admin has set that the trail does not know yet (its record is still on the way) cannot
   * be told at any instant: 503 rather than today's value passed off as the past's.
   */
  private async asOf(req: AuthenticatedRequest, asOf: string): Promise<AsOfList<SettingAsOf>> {
    const answer = await this.rpc.send(RPC.audit.asOf.settings, requestMeta(req, this.addresses), { as_of: asOf });
    const snapshot = await this.rpc.send(RPC.user.settings, requestMeta(req, this.addresses), {});
    const known = new Set(answer.items.map((i) => i.key));
    if (Object.keys(snapshot.overrides).some((key) => !known.has(key)))
      throw new GatewayError('SERVICE_UNAVAILABLE', 'The audit trail has not recorded the latest settings change yet; retry shortly');
    const untouched = Object.entries(snapshot.settings)
      .filter(([key]) => !known.has(key))
      .map(([key, value]) => ({ key, value, evidence: null }));
    return { as_of: answer.as_of, items: [...answer.items, ...untouched].sort((a, b) => a.key.localeCompare(b.key)) };
  }

  @Put()
  @Authenticated({ roles: ['admin'], scope: 'settings:write' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of a GET: answer 412 instead of applying when another admin changed the settings since' })
  @ApiBody({ schema: updateSettingsBodySchema as never })
  @ApiContract({
    id: 'admin.settings.update',
    summary:
      'Change runtime settings (partial): applied by every replica without a restart, recorded as ConfigurationChanged with the before and after of each changed key; a PUT that changes nothing records nothing',
    success: { status: 200, description: 'The new effective settings', schema: 'SettingsView', headers: { ETag: 'The new settings version' } },
    problems: ['PRECONDITION_FAILED', 'CONFLICT'],
  })
  async update(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new SchemaPipe<RuntimeSettingsPatch>(updateSettingsBodySchema, { rejectUnknownKeys: true })) body: RuntimeSettingsPatch,
  ): Promise<SettingsView> {
    const expected = expectedVersion(ifMatch);
    const request: UpdateSettingsRequest = { changes: body, ...(expected !== undefined ? { expected_version: expected } : {}) };
    const snapshot = await this.rpc.send(RPC.user.updateSettings, requestMeta(req, this.addresses), request);
    // This replica applies the new CORS origins before answering; the others reload on the event.
    this.settings.offer(snapshot);
    void reply.header('ETag', settingsEtag(snapshot.version));
    return toSettingsView(snapshot);
  }
}
