import { Module } from '@nestjs/common';
import { CheckpointKeyModule } from '../checkpoint-key/checkpoint-key.module';
import { ServiceAccountsModule } from '../service-accounts/service-accounts.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { RotationScheduler } from './rotation.scheduler';

@Module({
  imports: [SigningKeysModule, ServiceAccountsModule, CheckpointKeyModule],
  providers: [RotationScheduler],
  exports: [RotationScheduler],
})
export class SchedulerModule {}
