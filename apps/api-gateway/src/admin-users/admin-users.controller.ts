/**
 * /admin/users: user administration for the admin role. user-service owns the accounts; whenever
 * a change should end the user's sessions (deletion, new roles, password reset, explicit revoke),
 * auth-service revokes their tokens and this replica applies the cutoff at once (the others learn
 * it from the TokenRevoked event).
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RPC, type SessionEndReason } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { AS_OF_RULES, Authenticated } from '../auth/authenticated.decorator';
import { GatewayError } from '../http/problem';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { GatewayTokenState } from '../tokens/token-state';
import { CLIENT_ADDRESS, GATEWAY_RPC, PROFILE_CACHE, TOKEN_STATE } from '../gateway.tokens';
import type { ProfileCache } from '../auth/profile-cache';
import type { ClientAddressResolver } from '../http/client-address';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  asOfQuerySchema,
  createUserBodySchema,
  historyQuerySchema,
  listUsersQuerySchema,
  setRolesBodySchema,
  type AsOfQuery,
  type CreateUserBody,
  type HistoryQuery,
  type ListUsersQuery,
  type SetRolesBody,
} from './admin-users.schemas';

interface UserPage {
  items: unknown[];
  next_cursor: string | null;
}

@ApiTags('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
    @Inject(PROFILE_CACHE) private readonly profiles: ProfileCache,
  ) {}

  @Get()
  @Authenticated({ roles: ['admin'], scope: 'users:read', asOf: AS_OF_RULES })
  @ApiOperation({
    summary: 'Accounts in creation order, keyset paged; with as_of (admin or auditor, audit:read): the accounts that existed at that instant, with their roles and status then and the evidence of each',
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1..200, default 50' })
  @ApiQuery({ name: 'as_of', required: false, description: 'RFC 3339 instant: a point-in-time read (recorded as HistoryQueried)' })
  @ApiQuery({ name: 'role', required: false, description: 'with as_of: only users holding this role then' })
  @ApiQuery({ name: 'status', required: false, description: 'with as_of: active or locked then' })
  list(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<ListUsersQuery>(listUsersQuerySchema)) q: ListUsersQuery): Promise<UserPage> {
    const page = { ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) };
    if (q.as_of === undefined) {
      if (q.role !== undefined || q.status !== undefined) throw new GatewayError('VALIDATION_FAILED', 'role and status filter a point-in-time read: add as_of');
      return this.rpc.send(RPC.user.list, requestMeta(req, this.addresses), page);
    }
    return this.rpc.send(RPC.audit.asOf.users, requestMeta(req, this.addresses), { as_of: q.as_of, ...(q.role ? { role: q.role } : {}), ...(q.status ? { status: q.status } : {}), ...page });
  }

  @Get(':id')
  @Authenticated({ ...AS_OF_RULES, roles: [...AS_OF_RULES.roles] })
  @ApiOperation({ summary: 'One account as it was at as_of (default: now), from the audit trail, with evidence (admin or auditor; recorded as HistoryQueried)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'as_of', required: false, description: 'RFC 3339 instant' })
  asOf(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string, @Query(new SchemaPipe<AsOfQuery>(asOfQuerySchema)) q: AsOfQuery): Promise<unknown> {
    return this.rpc.send(RPC.audit.asOf.user, requestMeta(req, this.addresses), { user_id: id, as_of: q.as_of ?? new Date().toISOString() });
  }

  @Get(':id/history')
  @Authenticated({ ...AS_OF_RULES, roles: [...AS_OF_RULES.roles] })
  @ApiOperation({ summary: 'Every audit record about the account, oldest first: {items:[{event_id, audit_seq, type, occurred_at, actor, changes}], next_cursor} (admin or auditor; recorded as HistoryQueried)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 1000' })
  history(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string, @Query(new SchemaPipe<HistoryQuery>(historyQuerySchema)) q: HistoryQuery): Promise<unknown> {
    return this.rpc.send(RPC.audit.asOf.userHistory, requestMeta(req, this.addresses), { user_id: id, ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) });
  }

  @Post()
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @ApiOperation({ summary: 'Create an account with a temporary password (shown once; changed at first login)' })
  @ApiBody({ schema: createUserBodySchema as never })
  @ApiResponse({ status: 201, description: '{id, email, roles, temporary_password}' })
  create(@Req() req: AuthenticatedRequest, @Body(new SchemaPipe<CreateUserBody>(createUserBodySchema)) body: CreateUserBody): Promise<{ id: string; temporary_password: string }> {
    return this.rpc.send(RPC.user.create, requestMeta(req, this.addresses), body);
  }

  @Delete(':id')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account and revoke its tokens' })
  @ApiParam({ name: 'id', format: 'uuid' })
  async delete(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.rpc.send(RPC.user.delete, requestMeta(req, this.addresses), { user_id: id });
    await this.revoke(req, id, 'account deleted', 'user_deleted');
  }

  @Put(':id/roles')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @ApiOperation({ summary: 'Replace the roles of an account (its tokens are revoked so new ones carry the new roles)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: setRolesBodySchema as never })
  async setRoles(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string, @Body(new SchemaPipe<SetRolesBody>(setRolesBodySchema)) body: SetRolesBody): Promise<{ id: string; roles: string[] }> {
    const result = await this.rpc.send(RPC.user.setRoles, requestMeta(req, this.addresses), { user_id: id, roles: body.roles });
    if (result.changed) await this.revoke(req, id, 'roles changed', 'roles_changed');
    return { id: result.id, roles: result.roles };
  }

  @Post(':id/unlock')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a lockout and clear the failed-login count' })
  @ApiParam({ name: 'id', format: 'uuid' })
  async unlock(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.rpc.send(RPC.user.unlock, requestMeta(req, this.addresses), { user_id: id });
    this.profiles.forget(id);
  }

  @Post(':id/reset-password')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a temporary password (shown once; changed at first login), unlock, and revoke the account’s tokens' })
  @ApiParam({ name: 'id', format: 'uuid' })
  async resetPassword(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<{ temporary_password: string }> {
    const result = await this.rpc.send(RPC.user.resetPassword, requestMeta(req, this.addresses), { user_id: id });
    await this.revoke(req, id, 'password reset by an admin', 'password_reset');
    // Asked without a password of its own, user-service always generates one.
    if (result.temporary_password === undefined) throw new GatewayError('INTERNAL', 'No temporary password was generated');
    return { temporary_password: result.temporary_password };
  }

  @Post(':id/revoke-tokens')
  @Authenticated({ roles: ['admin'], scope: 'tokens:revoke' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke every access and refresh token of the account' })
  @ApiParam({ name: 'id', format: 'uuid' })
  async revokeTokens(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    // 404 for an id that is no account, rather than a revocation of nothing.
    await this.rpc.send(RPC.user.me, requestMeta(req, this.addresses), { user_id: id });
    await this.revoke(req, id, 'revoked by an admin', 'admin');
  }

  private async revoke(req: AuthenticatedRequest, userId: string, reason: string, sessionReason: SessionEndReason): Promise<void> {
    const result = await this.rpc.send(RPC.auth.revokeUserTokens, requestMeta(req, this.addresses), { user_id: userId, reason, session_reason: sessionReason });
    // This replica applies the cutoff (and drops the cached profile) at once; the others learn it from the events.
    this.tokens.cutSubject(userId, Date.parse(result.not_before));
    this.profiles.forget(userId);
  }
}
