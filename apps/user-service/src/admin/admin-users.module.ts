import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { UsersModule } from '../users/users.module';
import { AdminUsersHandler } from './admin-users.handler';
import { AdminUsersService } from './admin-users.service';

@Module({
  imports: [UsersModule, CredentialsModule],
  controllers: [AdminUsersHandler],
  providers: [AdminUsersService],
})
export class AdminUsersModule {}
