import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { AccessTokenVerifier } from '@tr4ction/tokens';
import { AdminUserSessionsController } from './admin-users/admin-user-sessions.controller';
import { AdminUsersController } from './admin-users/admin-users.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import type { ProfileCache } from './auth/profile-cache';
import { SessionController } from './auth/session.controller';
import { UserSessionsController } from './auth/user-sessions.controller';
import { CLIENT_ADDRESS, GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_NATS, GATEWAY_RPC, TOKEN_STATE, TOKEN_VERIFIER } from './gateway.tokens';
import { AUDIT_READ_SLOTS, AUDIT_REFUSAL_RECORDER, AUTH_RATE_LIMITS, PROFILE_CACHE, RUNTIME_SETTINGS } from './gateway.tokens';
import type { AuditReadSlots } from './audit/audit-read-slots';
import type { AuditRefusalRecorder } from './audit/audit-refusal.recorder';
import { HealthController } from './health/health.controller';
import type { ClientAddressResolver } from './http/client-address';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { AdminMfaController } from './mfa/admin-mfa.controller';
import { MfaController } from './mfa/mfa.controller';
import type { AuthRateLimits } from './rate-limit/auth-rate-limits';
import { ServiceAccountsController } from './service-accounts/service-accounts.controller';
import { AdminSettingsController } from './settings/admin-settings.controller';
import { AdminKeysController } from './tokens/admin-keys.controller';
import { AdminTokensController } from './tokens/admin-tokens.controller';
import { JwksController } from './tokens/jwks.controller';
import { DiscoveryController } from './oauth/discovery.controller';
import { OAuthController } from './oauth/oauth.controller';
import { OAuthService } from './oauth/oauth.service';
import type { GatewayTokenState } from './tokens/token-state';

export interface GatewayDeps {
  config: unknown;
  logger: Logger;
  rpc: RpcClient;
  nats: NatsConnection;
  verifier: AccessTokenVerifier;
  addresses: ClientAddressResolver;
  metrics: GatewayMetrics;
  rateLimits: AuthRateLimits;
  tokenState: GatewayTokenState;
  settings: RuntimeSettingsFollower;
  profiles: ProfileCache;
  auditRefusals: AuditRefusalRecorder;
  auditReadSlots: AuditReadSlots;
}

@Global()
@Module({})
export class GatewayModule {
  static forRoot(deps: GatewayDeps): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        AuthController,
        AuditController,
        HealthController,
        MetricsController,
        SessionController,
        UserSessionsController,
        JwksController,
        AdminKeysController,
        AdminTokensController,
        ServiceAccountsController,
        AdminUsersController,
        AdminUserSessionsController,
        AdminSettingsController,
        MfaController,
        AdminMfaController,
        DiscoveryController,
        OAuthController,
      ],
      providers: [
        BearerAuthGuard,
        OAuthService,
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: GATEWAY_LOGGER, useValue: deps.logger },
        { provide: GATEWAY_RPC, useValue: deps.rpc },
        { provide: GATEWAY_NATS, useValue: deps.nats },
        { provide: TOKEN_VERIFIER, useValue: deps.verifier },
        { provide: CLIENT_ADDRESS, useValue: deps.addresses },
        { provide: GatewayMetrics, useValue: deps.metrics },
        { provide: AUTH_RATE_LIMITS, useValue: deps.rateLimits },
        { provide: TOKEN_STATE, useValue: deps.tokenState },
        { provide: RUNTIME_SETTINGS, useValue: deps.settings },
        { provide: PROFILE_CACHE, useValue: deps.profiles },
        { provide: AUDIT_REFUSAL_RECORDER, useValue: deps.auditRefusals },
        { provide: AUDIT_READ_SLOTS, useValue: deps.auditReadSlots },
      ],
    };
  }
}
