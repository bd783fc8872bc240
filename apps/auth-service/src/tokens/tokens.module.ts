import { Module, type DynamicModule } from '@nestjs/common';
import type { RpcClient } from '@tr4ction/messaging';
import { ClientAuthenticationService } from './client-authentication.service';
import { ClientCredentialsService } from './client-credentials.service';
import { OAuthHandler } from './oauth.handler';
import { RefreshIntrospectionService } from './refresh-introspection.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RevocationEventsHandler } from './revocation-events.handler';
import { RevocationPruner } from './revocation.pruner';
import { RevocationRepository } from './revocation.repository';
import { RevocationService } from './revocation.service';
import { SessionService } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { UserSessionsService } from './user-sessions.service';
import type { TokenIssuer } from './token-issuer';
import type { TokenLifetimes } from './token-lifetimes';
import { TokensHandler } from './tokens.handler';
import { SERVICE_RPC, TOKEN_ISSUER_INSTANCE, TOKEN_LIFETIMES } from './tokens.constants';

/** Sessions (refresh, listing, ending), revocation and client credentials. */
@Module({})
export class TokensModule {
  static forRoot(deps: { rpc: RpcClient; issuer: TokenIssuer; lifetimes: TokenLifetimes }): DynamicModule {
    return {
      module: TokensModule,
      global: true,
      controllers: [TokensHandler, RevocationEventsHandler, OAuthHandler],
      providers: [
        RefreshTokensRepository,
        RevocationRepository,
        RevocationService,
        RevocationPruner,
        SessionService,
        SessionsRepository,
        UserSessionsService,
        ClientCredentialsService,
        ClientAuthenticationService,
        RefreshIntrospectionService,
        { provide: SERVICE_RPC, useValue: deps.rpc },
        { provide: TOKEN_ISSUER_INSTANCE, useValue: deps.issuer },
        { provide: TOKEN_LIFETIMES, useValue: deps.lifetimes },
      ],
      exports: [SessionService, RevocationService, SERVICE_RPC],
    };
  }
}
