import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { RpcClient, RuntimeSettingsFollower } from '@tr4ction/messaging';
import { createPingController, PlatformModule, tokenIssuer, type PlatformDeps } from '@tr4ction/platform';
import { IntrospectionHandler } from './introspection/introspection.handler';
import { LoginModule } from './login/login.module';
import type { SigningKeyHolder } from './tokens/signing-key.holder';
import { TokenIssuer } from './tokens/token-issuer';
import type { TokenLifetimes } from './tokens/token-lifetimes';
import { TokensModule } from './tokens/tokens.module';

export interface AuthServiceDeps {
  rpc: RpcClient;
  rpcProxy: ClientProxy;
  keys: SigningKeyHolder;
  settings: RuntimeSettingsFollower;
  lifetimes: TokenLifetimes;
}

@Module({})
export class AuthServiceModule implements OnApplicationShutdown {
  private static own?: AuthServiceDeps;

  static forRoot(deps: PlatformDeps, own: AuthServiceDeps): DynamicModule {
    AuthServiceModule.own = own;
    const issuer = new TokenIssuer(
      own.keys,
      () => own.lifetimes.accessSeconds(),
      () => deps.clock.now().getTime(),
      tokenIssuer(deps.config as { ISSUER_URL: string }),
    );
    return {
      module: AuthServiceModule,
      imports: [PlatformModule.forRoot(deps), TokensModule.forRoot({ rpc: own.rpc, issuer, lifetimes: own.lifetimes }), LoginModule],
      // Not ready before the runtime settings are in: a token issued earlier could carry a stale lifetime.
      controllers: [
        createPingController('auth-service', () => (!own.keys.current() ? 'no_signing_key' : own.settings.loaded() ? undefined : 'settings_not_loaded')),
        IntrospectionHandler,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    AuthServiceModule.own?.keys.stop();
    AuthServiceModule.own?.settings.stop();
    await AuthServiceModule.own?.rpcProxy.close();
  }
}
