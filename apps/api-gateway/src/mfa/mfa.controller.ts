/**
 * /auth/mfa: a user's second factors and recovery codes (owned by user-service), and the second
 * step of a login (auth-service). An enrolment-only token (`mfa:enroll`) may list and enrol
 * factors; removing one or regenerating recovery codes needs a recent sign-in (step-up).
 */
import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  RPC,
  type MfaConfirmed,
  type MfaStatus,
  type RecoveryCodes,
  type TotpEnrolment,
  type WebauthnOptionsJson,
  type WebauthnRegistered,
  SELF,
} from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { Authenticated } from '../auth/authenticated.decorator';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import type { ProfileCache } from '../auth/profile-cache';
import { AUTH_RATE_LIMITS, CLIENT_ADDRESS, GATEWAY_CONFIG, GATEWAY_RPC, PROFILE_CACHE } from '../gateway.tokens';
import type { ClientAddressResolver } from '../http/client-address';
import { PasswordCapPipe } from '../http/password-cap.pipe';
import { requestMeta } from '../http/request-meta';
import { SchemaPipe } from '../http/schema-validation';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import type { AuthRateLimits } from '../rate-limit/auth-rate-limits';
import {
  assertChallengeFields,
  confirmTotpBodySchema,
  mfaChallengeBodySchema,
  registerWebauthnBodySchema,
  startTotpBodySchema,
  webauthnOptionsBodySchema,
  type ConfirmTotpBody,
  type MfaChallengeBody,
  type RegisterWebauthnBody,
  type StartTotpBody,
  type WebauthnOptionsBody,
} from './mfa.schemas';
import { assertRecentAuthentication } from './step-up';
import { ApiContract } from '../http/openapi/api-contract.decorator';

@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    @Inject(GATEWAY_RPC) private readonly rpc: RpcClient,
    @Inject(CLIENT_ADDRESS) private readonly addresses: ClientAddressResolver,
    @Inject(AUTH_RATE_LIMITS) private readonly limits: AuthRateLimits,
    @Inject(PROFILE_CACHE) private readonly profiles: ProfileCache,
    @Inject(GATEWAY_CONFIG) private readonly config: { STEP_UP_MAX_AGE_MINUTES: number },
  ) {}

  @Get()
  @Authenticated({ scope: SELF, allowMfaEnrollScope: true })
  @ApiContract({
    id: 'auth.mfa.get',
    summary: 'The signed-in user’s second factors and how many recovery codes are left',
    success: { status: 200, description: 'Factors and recovery codes left', schema: 'MfaStatus' },
  })
  status(@Req() req: AuthenticatedRequest): Promise<MfaStatus> {
    return this.rpc.send(RPC.user.mfa.status, requestMeta(req, this.addresses), { user_id: userId(req) });
  }

  @Post('totp')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Authenticated({ scope: SELF, allowMfaEnrollScope: true })
  @ApiBody({ schema: startTotpBodySchema as never })
  @ApiContract({
    id: 'auth.mfa.totp.create',
    summary: 'Start a TOTP enrolment: the secret and otpauth:// URI, shown once; pending until confirmed',
    success: { status: 201, description: 'Pending enrolment: the secret, shown once', schema: 'TotpEnrolment' },
    problems: ['PASSWORD_POLICY', 'INVALID_CREDENTIALS'],
  })
  async startTotp(
    @Req() req: AuthenticatedRequest,
    @Body(new PasswordCapPipe(['current_password']), new SchemaPipe<StartTotpBody>(startTotpBodySchema)) body: StartTotpBody,
  ): Promise<TotpEnrolment> {
    // The password is checked again here: it spends the password-change budget (one bucket of password checks per user).
    await this.limits.checkPasswordChange(userId(req));
    return this.rpc.send(RPC.user.mfa.startTotp, requestMeta(req, this.addresses), { user_id: userId(req), ...body });
  }

  @Post('totp/:id/confirm')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Authenticated({ scope: SELF, allowMfaEnrollScope: true })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: confirmTotpBodySchema as never })
  @ApiContract({
    id: 'auth.mfa.totp.confirm',
    summary: 'Confirm a TOTP enrolment with a first code; the first factor of an account comes with 10 recovery codes, shown once',
    success: { status: 200, description: 'Confirmed; recovery codes at the first factor, else {}', schema: 'MfaConfirmed' },
    problems: ['INVALID_CREDENTIALS', 'NOT_FOUND', 'CONFLICT'],
  })
  async confirmTotp(
    @Req() req: AuthenticatedRequest,
    @Param('id', UuidParamPipe) id: string,
    @Body(new SchemaPipe<ConfirmTotpBody>(confirmTotpBodySchema)) body: ConfirmTotpBody,
  ): Promise<MfaConfirmed> {
    const result = await this.rpc.send(RPC.user.mfa.confirmTotp, requestMeta(req, this.addresses), { user_id: userId(req), factor_id: id, code: body.code });
    this.profiles.forget(userId(req));
    return result;
  }

  @Post('webauthn/registration-options')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Authenticated({ scope: SELF, allowMfaEnrollScope: true })
  @ApiContract({
    id: 'auth.mfa.webauthn.registrationOptions',
    summary:
      'Start registering a passkey: creation options for navigator.credentials.create (needs a recent sign-in; the challenge is single-use, valid 2 minutes)',
    success: { status: 200, description: 'PublicKeyCredentialCreationOptionsJSON', schema: 'WebauthnOptions' },
    problems: ['REAUTHENTICATION_REQUIRED'],
  })
  webauthnRegistrationOptions(@Req() req: AuthenticatedRequest): Promise<WebauthnOptionsJson> {
    // As the password does for a TOTP factor: a stolen, old session alone must not add an attacker's authenticator.
    assertRecentAuthentication(req.auth, this.config.STEP_UP_MAX_AGE_MINUTES, Date.now());
    return this.rpc.send(RPC.user.mfa.webauthnRegistrationOptions, requestMeta(req, this.addresses), { user_id: userId(req) });
  }

  @Post('webauthn')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Authenticated({ scope: SELF, allowMfaEnrollScope: true })
  @ApiBody({ schema: registerWebauthnBodySchema as never })
  @ApiContract({
    id: 'auth.mfa.webauthn.create',
    summary: 'Register a named passkey with the browser’s response; the first factor of an account comes with 10 recovery codes, shown once',
    success: { status: 201, description: 'Registered; recovery codes at the first factor', schema: 'WebauthnRegistered' },
    problems: ['CONFLICT'],
  })
  async registerWebauthn(
    @Req() req: AuthenticatedRequest,
    @Body(new SchemaPipe<RegisterWebauthnBody>(registerWebauthnBodySchema)) body: RegisterWebauthnBody,
  ): Promise<WebauthnRegistered> {
    const result = await this.rpc.send(RPC.user.mfa.webauthnRegister, requestMeta(req, this.addresses), {
      user_id: userId(req),
      label: body.label,
      response: body.response,
    });
    this.profiles.forget(userId(req));
    return result;
  }

  @Post('webauthn/authentication-options')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ schema: webauthnOptionsBodySchema as never })
  @ApiContract({
    id: 'auth.mfa.webauthn.authenticationOptions',
    summary: 'Passkey request options for the login waiting on this mfa_token (no Bearer); each challenge attempt needs new options',
    success: { status: 200, description: 'PublicKeyCredentialRequestOptionsJSON', schema: 'WebauthnOptions' },
    problems: ['INVALID_TOKEN', 'CONFLICT'],
  })
  webauthnAuthenticationOptions(
    @Req() req: AuthenticatedRequest,
    @Body(new SchemaPipe<WebauthnOptionsBody>(webauthnOptionsBodySchema)) body: WebauthnOptionsBody,
  ): Promise<WebauthnOptionsJson> {
    return this.rpc.send(RPC.auth.mfaWebauthnOptions, requestMeta(req, this.addresses), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ scope: SELF })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiContract({
    id: 'auth.mfa.delete',
    summary: 'Remove a second factor (needs a recent sign-in); removing the last one voids the recovery codes',
    success: { status: 204, description: 'Removed' },
    problems: ['REAUTHENTICATION_REQUIRED', 'NOT_FOUND'],
  })
  async remove(@Req() req: AuthenticatedRequest, @Param('id', UuidParamPipe) id: string): Promise<void> {
    assertRecentAuthentication(req.auth, this.config.STEP_UP_MAX_AGE_MINUTES, Date.now());
    await this.rpc.send(RPC.user.mfa.remove, requestMeta(req, this.addresses), { user_id: userId(req), factor_id: id });
    this.profiles.forget(userId(req));
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Authenticated({ scope: SELF })
  @ApiContract({
    id: 'auth.mfa.recoveryCodes.create',
    summary: 'Ten new recovery codes, shown once; the old set stops working (needs a recent sign-in)',
    success: { status: 200, description: 'The new codes, shown once', schema: 'RecoveryCodes' },
    problems: ['REAUTHENTICATION_REQUIRED', 'CONFLICT'],
  })
  regenerateRecoveryCodes(@Req() req: AuthenticatedRequest): Promise<RecoveryCodes> {
    assertRecentAuthentication(req.auth, this.config.STEP_UP_MAX_AGE_MINUTES, Date.now());
    return this.rpc.send(RPC.user.mfa.regenerateRecoveryCodes, requestMeta(req, this.addresses), { user_id: userId(req) });
  }

  @Post('challenge')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ schema: mfaChallengeBodySchema as never })
  @ApiContract({
    id: 'auth.mfa.challenge',
    summary: 'Finish a login with a second factor: the mfa_token of POST /auth/login and a TOTP code, a recovery code or a passkey assertion',
    success: { status: 200, description: 'Signed in', schema: 'TokenPair' },
    problems: ['INVALID_CREDENTIALS', 'INVALID_TOKEN'],
  })
  challenge(@Req() req: AuthenticatedRequest, @Body(new SchemaPipe<MfaChallengeBody>(mfaChallengeBodySchema)) body: MfaChallengeBody): Promise<unknown> {
    assertChallengeFields(body);
    return this.rpc.send(RPC.auth.mfaChallenge, requestMeta(req, this.addresses), body);
  }
}

function userId(req: AuthenticatedRequest): string {
  return req.auth?.sub ?? '';
}
