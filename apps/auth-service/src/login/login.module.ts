import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { RpcClient } from '@tr4ction/messaging';
import { UserTokensModule } from '../user-tokens/user-tokens.module';
import { LoginHandler } from './login.handler';
import { LoginService, TOKEN_ISSUER, USER_RPC } from './login.service';
import type { TokenIssuer } from './token-issuer';

@Module({})
export class LoginModule implements OnApplicationShutdown {
  private static proxy?: ClientProxy;

  static forRoot(deps: { userRpc: RpcClient; proxy: ClientProxy; issuer: TokenIssuer }): DynamicModule {
    LoginModule.proxy = deps.proxy;
    return {
      module: LoginModule,
      imports: [UserTokensModule],
      controllers: [LoginHandler],
      providers: [LoginService, { provide: USER_RPC, useValue: deps.userRpc }, { provide: TOKEN_ISSUER, useValue: deps.issuer }],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await LoginModule.proxy?.close();
  }
}
