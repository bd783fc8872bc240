import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CredentialsHandler } from './credentials.handler';
import { CredentialsService } from './credentials.service';
import { DefaultAccountsService } from './default-accounts';
import { LockoutRepository } from './lockout.repository';

@Module({
  imports: [UsersModule],
  controllers: [CredentialsHandler],
  providers: [CredentialsService, DefaultAccountsService, LockoutRepository],
  exports: [LockoutRepository],
})
export class CredentialsModule {}
