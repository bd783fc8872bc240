import { Module } from '@nestjs/common';
import { DatabasePasswordsModule } from '../database-passwords/database-passwords.module';
import { CheckpointKeyModule } from '../checkpoint-key/checkpoint-key.module';
import { ServiceAccountsModule } from '../service-accounts/service-accounts.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { RotationScheduler } from './rotation.scheduler';

@Module({
  imports: [SigningKeysModule, ServiceAccountsModule, DatabasePasswordsModule, CheckpointKeyModule],
  providers: [RotationScheduler],
  exports: [RotationScheduler],
})
export class SchedulerModule {}
