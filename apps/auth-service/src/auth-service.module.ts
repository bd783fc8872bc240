import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { RpcClient } from '@tr4ction/messaging';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import { LoginModule } from './login/login.module';
import type { SigningKeyHolder } from './tokens/signing-key.holder';
import { TokenIssuer } from './tokens/token-issuer';
import { TokensModule } from './tokens/tokens.module';

export interface AuthServiceDeps {
  rpc: RpcClient;
  rpcProxy: ClientProxy;
  keys: SigningKeyHolder;
  accessTokenTtlSeconds: number;
}

@Module({})
export class AuthServiceModule implements OnApplicationShutdown {
  private static own?: AuthServiceDeps;

  static forRoot(deps: PlatformDeps, own: AuthServiceDeps): DynamicModule {
    AuthServiceModule.own = own;
    const issuer = new TokenIssuer(own.keys, own.accessTokenTtlSeconds, () => deps.clock.now().getTime());
    return {
      module: AuthServiceModule,
      imports: [PlatformModule.forRoot(deps), TokensModule.forRoot({ rpc: own.rpc, issuer }), LoginModule],
      controllers: [createPingController('auth-service', () => (own.keys.current() ? undefined : 'no_signing_key'))],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    AuthServiceModule.own?.keys.stop();
    await AuthServiceModule.own?.rpcProxy.close();
  }
}
