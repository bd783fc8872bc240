import { Module, type DynamicModule } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { RpcClient } from '@tr4ction/messaging';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import { LoginModule } from './login/login.module';
import { TokenIssuer } from './login/token-issuer';
import { UserTokensModule } from './user-tokens/user-tokens.module';

export interface AuthServiceDeps {
  jwtSecret: string;
  userRpc: RpcClient;
  userRpcProxy: ClientProxy;
}

@Module({})
export class AuthServiceModule {
  static forRoot(deps: PlatformDeps, own: AuthServiceDeps): DynamicModule {
    const issuer = new TokenIssuer(own.jwtSecret, () => deps.clock.now().getTime());
    return {
      module: AuthServiceModule,
      imports: [PlatformModule.forRoot(deps), LoginModule.forRoot({ userRpc: own.userRpc, proxy: own.userRpcProxy, issuer }), UserTokensModule],
      controllers: [createPingController('auth-service')],
    };
  }
}
