import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { RPC, SELF, type PublicUser } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { AUTH_RATE_LIMITS, CLIENT_ADDRESS, GATEWAY_LOGGER, GATEWAY_RPC, PROFILE_CACHE, TOKEN_STATE } from '../gateway.tokens';
import type { GatewayTokenState } from '../tokens/token-state';
import type { ClientAddressResolver } from '../http/client-address';
import { PasswordCapPipe } from '../http/password-cap.pipe';
import { requestMeta } from '../http/request-meta';
import type { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import { SchemaPipe } from '../http/schema-validation';
import { changePasswordBodySchema, loginBodySchema, registerBodySchema, type ChangePasswordBody, type LoginBody, type RegisterBody } from '../http/schemas';
import { Authenticated } from './authenticated.decorator';
import type { AuthenticatedRequest } from './bearer-auth.guard';
import type { ProfileCache } from './profile-cache';
import { endSessions, sessionOf } from './session-ending';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_RATE_LIMITS) private readonly limits: AuthRateLimits,
    @Inject(PROFILE_CACHE) private readonly profiles: ProfileCache,
    @Inject(TOKEN_STATE) private readonly tokens: GatewayTokenState,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  @Post('register')
  @ApiBody({ schema: registerBodySchema as never })
  @ApiContract({
    id: 'auth.register',
    summary: 'Create an account (role founder)',
    success: { status: 201, description: 'The account (role founder)', schema: 'RegisteredUser' },
    problems: ['PASSWORD_POLICY', 'EMAIL_TAKEN'],
  })
  async register(
    @Req() req: AuthenticatedRequest,
    @Body(new PasswordCapPipe(['password']), new SchemaPipe<RegisterBody>(registerBodySchema)) body: RegisterBody,
  ): Promise<{ id: string; email: string; roles: string[] }> {
    const user = await this.rpc.send(RPC.user.register, requestMeta(req, this.addresses), body);
    return { id: user.id, email: user.email, roles: user.roles };
  }

  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: loginBodySchema as never })
  @ApiContract({
    id: 'auth.login',
    summary: 'Exchange email and password for an access and a refresh token',
    success: { status: 200, description: 'Signed in, or a second factor is due', schema: 'LoginResponse' },
    problems: ['INVALID_CREDENTIALS', 'PASSWORD_POLICY'],
  })
  async login(
    @Req() req: AuthenticatedRequest,
    @Body(new PasswordCapPipe(['password']), new SchemaPipe<LoginBody>(loginBodySchema)) body: LoginBody,
  ): Promise<unknown> {
    // Per target account, whichever addresses the guesses come from (unknown emails alike).
    await this.limits.checkLogin(body.email);
    return this.rpc.send(RPC.auth.login, requestMeta(req, this.addresses), body);
  }

  @Post('change-password')
  @HttpCode(204)
  @Authenticated({ scope: SELF, allowPasswordChangeScope: true })
  @ApiBody({ schema: changePasswordBodySchema as never })
  @ApiContract({
    id: 'auth.changePassword',
    summary: 'Change the signed-in user’s password; every other session of the user ends',
    success: { status: 204, description: 'Changed; the other sessions ended' },
    problems: ['PASSWORD_POLICY', 'INVALID_CREDENTIALS'],
  })
  async changePassword(
    @Req() req: AuthenticatedRequest,
    @Body(new PasswordCapPipe(['current_password', 'new_password']), new SchemaPipe<ChangePasswordBody>(changePasswordBodySchema)) body: ChangePasswordBody,
  ): Promise<void> {
    await this.limits.checkPasswordChange(req.auth?.sub ?? '');
    // The session making the change stays signed in; every other one ends.
    const sid = sessionOf(req.auth);
    const meta = requestMeta(req, this.addresses);
    await this.rpc.send(RPC.user.changePassword, meta, { user_id: req.auth?.sub ?? '', ...body, ...(sid ? { session_id: sid } : {}) });
    if (!req.auth) return;
    this.profiles.forget(req.auth.sub);
    // At once, so the answer means it; auth-service also does it when it sees PasswordChanged, the durable path if this fails.
    await endSessions(this.rpc, this.tokens, meta, { user_id: req.auth.sub, ...(sid ? { except_session_id: sid } : {}), reason: 'password_changed' }).catch(
      (err: unknown) =>
        this.logger.warn(
          { err_name: (err as Error).name, user_id: req.auth?.sub },
          'could not end the other sessions now; auth-service ends them from PasswordChanged',
        ),
    );
  }

  @Get('me')
  @Authenticated({ scope: SELF })
  @ApiContract({
    id: 'auth.me.get',
    summary: 'The signed-in user',
    success: { status: 200, description: 'The signed-in user', schema: 'PublicUser' },
    problems: ['NOT_FOUND'],
  })
  me(@Req() req: AuthenticatedRequest): Promise<PublicUser> {
    // The guard verified the token and its revocation state; the profile itself comes from memory when fresh.
    const userId = req.auth?.sub ?? '';
    return this.profiles.get(userId, () => this.rpc.send(RPC.user.me, requestMeta(req, this.addresses), { user_id: userId }));
  }
}
