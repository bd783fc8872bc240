import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CredentialsHandler } from './credentials.handler';
import { CredentialsService } from './credentials.service';
import { LockoutRepository } from './lockout.repository';

@Module({
  imports: [UsersModule],
  controllers: [CredentialsHandler],
  providers: [CredentialsService, LockoutRepository],
  exports: [LockoutRepository],
})
export class CredentialsModule {}
