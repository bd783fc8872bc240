import { Module, type DynamicModule } from '@nestjs/common';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';
import { AdminUsersModule } from './admin/admin-users.module';
import { CredentialsModule } from './credentials/credentials.module';
import { MfaModule } from './mfa/mfa.module';
import { UsersModule } from './users/users.module';

@Module({})
export class UserServiceModule {
  static forRoot(deps: PlatformDeps): DynamicModule {
    return {
      module: UserServiceModule,
      imports: [PlatformModule.forRoot(deps), UsersModule, CredentialsModule, AdminUsersModule, MfaModule],
      controllers: [createPingController('user-service')],
    };
  }
}
