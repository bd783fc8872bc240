/**
 * /admin/users: user administration for the admin role. user-service owns the accounts; whenever
 * a change should end the user's sessions (deletion, new roles, password reset, explicit revoke),
 * auth-service revokes their tokens and this replica applies the cutoff at once (the others learn
 * it from the TokenRevoked event).
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiParam, ApiTags } from '@nestjs/swagger';
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
import { ApiContract } from '../http/openapi/api-contract.decorator';
import { ApiQueryFromSchema } from '../http/openapi/api-query.decorator';

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
  @ApiQueryFromSchema(listUsersQuerySchema, {
    limit: '1..200, default 50',
    as_of: 'RFC 3339 instant: a point-in-time read (recorded as HistoryQueried)',
    role: 'with as_of: only users holding this role then',
    status: 'with as_of: active or locked then',
  })
  @ApiContract({
    id: 'admin.users.list',
    summary:
      'Accounts in creation order, keyset paged; with as_of (admin or auditor, audit:read): the accounts that existed at that instant, with their roles and status then and the evidence of each',
    success: { status: 200, description: 'A page of accounts (as they were at as_of when given)', schema: 'UserList' },
  })
  list(@Req() req: AuthenticatedRequest, @Query(new SchemaPipe<ListUsersQuery>(listUsersQuerySchema)) q: ListUsersQuery): Promise<UserPage> {
    const page = { ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) };
    if (q.as_of === undefined) {
      if (q.role !== undefined || q.status !== undefined) throw new GatewayError('VALIDATION_FAILED', 'role and status filter a point-in-time read: add as_of');
      return this.rpc.send(RPC.user.list, requestMeta(req, this.addresses), page);
    }
    return this.rpc.send(RPC.audit.asOf.users, requestMeta(req, this.addresses), {
      as_of: q.as_of,
      ...(q.role ? { role: q.role } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...page,
    });
  }

  @Get(':id')
  @Authenticated({ ...AS_OF_RULES, roles: [...AS_OF_RULES.roles] })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQueryFromSchema(asOfQuerySchema, { as_of: 'RFC 3339 instant' })
  @ApiContract({
    id: 'admin.users.get',
    summary: 'One account as it was at as_of (default: now), from the audit trail, with evidence (admin or auditor; recorded as HistoryQueried)',
    success: { status: 200, description: 'The account at as_of, with evidence', schema: 'UserAsOf' },
    problems: ['NOT_FOUND'],
  })
  asOf(
    @Req() req: AuthenticatedRequest,
    @Param('id', UuidParamPipe) id: string,
    @Query(new SchemaPipe<AsOfQuery>(asOfQuerySchema)) q: AsOfQuery,
  ): Promise<unknown> {
    return this.rpc.send(RPC.audit.asOf.user, requestMeta(req, this.addresses), { user_id: id, as_of: q.as_of ?? new Date().toISOString() });
  }

  @Get(':id/history')
  @Authenticated({ ...AS_OF_RULES, roles: [...AS_OF_RULES.roles] })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQueryFromSchema(historyQuerySchema, { limit: '1..1000, default 1000' })
  @ApiContract({
    id: 'admin.users.history.list',
    summary:
      'Every audit record about the account, oldest first: {items:[{event_id, audit_seq, type, occurred_at, actor, changes}], next_cursor} (admin or auditor; recorded as HistoryQueried)',
    success: { status: 200, description: 'The account’s history, oldest first', schema: 'UserHistoryPage' },
    problems: ['NOT_FOUND'],
  })
  history(
    @Req() req: AuthenticatedRequest,
    @Param('id', UuidParamPipe) id: string,
    @Query(new SchemaPipe<HistoryQuery>(historyQuerySchema)) q: HistoryQuery,
  ): Promise<unknown> {
    return this.rpc.send(RPC.audit.asOf.userHistory, requestMeta(req, this.addresses), {
      user_id: id,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.limit ? { limit: Number(q.limit) } : {}),
    });
  }

  @Post()
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @ApiBody({ schema: createUserBodySchema as never })
  @ApiContract({
    id: 'admin.users.create',
    summary: 'Create an account with a temporary password (shown once; changed at first login)',
    success: { status: 201, description: 'The account and its temporary password (shown once)', schema: 'CreatedUser' },
    problems: ['EMAIL_TAKEN'],
  })
  create(
    @Req() req: AuthenticatedRequest,
    @Body(new SchemaPipe<CreateUserBody>(createUserBodySchema)) body: CreateUserBody,
  ): Promise<{ id: string; temporary_password: string }> {
    return this.rpc.send(RPC.user.create, requestMeta(req, this.addresses), body);
  }

  @Delete(':id')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(204)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.delete',
    summary: 'Delete an account and revoke its tokens',
    success: { status: 204, description: 'Deleted; its tokens revoked' },
    problems: ['NOT_FOUND', 'CONFLICT'],
  })
  async delete(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.rpc.send(RPC.user.delete, requestMeta(req, this.addresses), { user_id: id });
    await this.revoke(req, id, 'account deleted', 'user_deleted');
  }

  @Put(':id/roles')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: setRolesBodySchema as never })
  @ApiContract({
    id: 'admin.users.roles.update',
    summary: 'Replace the roles of an account (its tokens are revoked so new ones carry the new roles)',
    success: { status: 200, description: 'The roles now', schema: 'UserRoles' },
    problems: ['NOT_FOUND', 'CONFLICT'],
  })
  async setRoles(
    @Req() req: AuthenticatedRequest,
    @Param('id', UuidParamPipe) id: string,
    @Body(new SchemaPipe<SetRolesBody>(setRolesBodySchema)) body: SetRolesBody,
  ): Promise<{ id: string; roles: string[] }> {
    const result = await this.rpc.send(RPC.user.setRoles, requestMeta(req, this.addresses), { user_id: id, roles: body.roles });
    if (result.changed) await this.revoke(req, id, 'roles changed', 'roles_changed');
    return { id: result.id, roles: result.roles };
  }

  @Post(':id/unlock')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(204)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.unlock',
    summary: 'Lift a lockout and clear the failed-login count',
    success: { status: 204, description: 'Unlocked' },
    problems: ['NOT_FOUND'],
  })
  async unlock(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.rpc.send(RPC.user.unlock, requestMeta(req, this.addresses), { user_id: id });
    this.profiles.forget(id);
  }

  @Post(':id/reset-password')
  @Authenticated({ roles: ['admin'], scope: 'users:write' })
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.resetPassword',
    summary: 'Set a temporary password (shown once; changed at first login), unlock, and revoke the account’s tokens',
    success: { status: 200, description: 'The temporary password (shown once)', schema: 'TemporaryPassword' },
    problems: ['NOT_FOUND'],
  })
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
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'admin.users.revokeTokens',
    summary: 'Revoke every access and refresh token of the account',
    success: { status: 204, description: 'Every token of the account revoked' },
    problems: ['NOT_FOUND'],
  })
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
