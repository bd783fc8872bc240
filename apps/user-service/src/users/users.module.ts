import { Module } from '@nestjs/common';
import { MfaKeyProvider } from '../mfa/mfa-key.provider';
import { MfaLoginState } from '../mfa/mfa-login-state';
import { MfaRepository } from '../mfa/mfa.repository';
import { SettingsModule } from '../settings/settings.module';
import { PasswordService } from './password.service';
import { PolicyProvider } from './policy.provider';
import { StartupSeeder } from './startup.seeder';
import { UserAggregates } from './user-aggregate.repository';
import { UserStream } from './user-stream';
import { UsersHandler } from './users.handler';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [SettingsModule],
  controllers: [UsersHandler],
  providers: [
    UsersService,
    UsersRepository,
    PasswordService,
    PolicyProvider,
    UserAggregates,
    UserStream,
    StartupSeeder,
    MfaRepository,
    MfaLoginState,
    { provide: MfaKeyProvider, useFactory: () => new MfaKeyProvider() },
  ],
  exports: [UsersService, UsersRepository, PasswordService, PolicyProvider, UserAggregates, UserStream, MfaRepository, MfaLoginState, MfaKeyProvider],
})
export class UsersModule {}
