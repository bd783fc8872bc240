/**
 * /admin/settings: runtime settings for the admin role. user-service owns them and records each
 * change as ConfigurationChanged; this replica applies the answer at once, the other replicas
 * (gateways, user-service, auth-service) reload on the event.
 */
import { Body, Controller, Get, Headers, Inject, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RPC, type RuntimeSettingsPatch, type RuntimeSettingsSnapshot, type UpdateSettingsRequest } from '@tr4ction/contracts';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { CLIENT_ADDRESS, GATEWAY_RPC, RUNTIME_SETTINGS } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { settingsViewSchema, updateSettingsBodySchema } from './admin-settings.schemas';
import { expectedVersion, settingsEtag, toSettingsView, type SettingsView } from './settings-view';

@ApiTags('admin')
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettingsFollower,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'], scope: 'settings:read' })
  @ApiOperation({ summary: 'Effective runtime settings (environment defaults with every admin change applied); ETag = settings version' })
  @ApiResponse({ status: 200, schema: settingsViewSchema as never })
  async get(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SettingsView> {
    const snapshot = await this.rpc.send<Record<string, never>, RuntimeSettingsSnapshot>(RPC.user.settings, requestMeta(req, this.addresses), {});
    void reply.header('ETag', settingsEtag(snapshot.version));
    return toSettingsView(snapshot);
  }

  @Put()
  @Authenticated({ roles: ['admin'], scope: 'settings:write' })
  @ApiOperation({
    summary: 'Change runtime settings (partial): applied by every replica without a restart, recorded as ConfigurationChanged with the before and after of each changed key; a PUT that changes nothing records nothing',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of a GET: answer 412 instead of applying when another admin changed the settings since' })
  @ApiBody({ schema: updateSettingsBodySchema as never })
  @ApiResponse({ status: 200, schema: settingsViewSchema as never, description: 'The new effective settings' })
  @ApiResponse({ status: 400, description: 'Unknown key or bad value (problem JSON naming the key)' })
  @ApiResponse({ status: 412, description: 'If-Match names a version that is no longer current' })
  async update(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new SchemaPipe<RuntimeSettingsPatch>(updateSettingsBodySchema, { rejectUnknownKeys: true })) body: RuntimeSettingsPatch,
  ): Promise<SettingsView> {
    const expected = expectedVersion(ifMatch);
    const request: UpdateSettingsRequest = { changes: body, ...(expected !== undefined ? { expected_version: expected } : {}) };
    const snapshot = await this.rpc.send<UpdateSettingsRequest, RuntimeSettingsSnapshot>(RPC.user.updateSettings, requestMeta(req, this.addresses), request);
    // This replica applies the new CORS origins before answering; the others reload on the event.
    this.settings.offer(snapshot);
    void reply.header('ETag', settingsEtag(snapshot.version));
    return toSettingsView(snapshot);
  }
}
