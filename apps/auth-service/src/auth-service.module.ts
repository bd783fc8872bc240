import { Module, type DynamicModule } from '@nestjs/common';
import type { ConfigOf, authServiceSchema } from '@tr4ction/config';
import { createRpcClient } from '@tr4ction/messaging';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import { LoginModule } from './login/login.module';
import { TokenIssuer } from './login/token-issuer';

@Module({})
export class AuthServiceModule {
  static forRoot(deps: PlatformDeps & { config: ConfigOf<typeof authServiceSchema> }, jwtSecret: string): DynamicModule {
    const { rpc, proxy } = createRpcClient(deps.config.NATS_URL, 'auth-service-client', deps.config.RPC_TIMEOUT_MS);
    const issuer = new TokenIssuer(jwtSecret, () => deps.clock.now().getTime());
    return {
      module: AuthServiceModule,
      imports: [PlatformModule.forRoot(deps), LoginModule.forRoot({ userRpc: rpc, proxy, issuer })],
      controllers: [createPingController('auth-service')],
    };
  }
}
