import { Module } from '@nestjs/common';
import { DatabasePasswordsModule } from '../database-passwords/database-passwords.module';
import { CheckpointKeyModule } from '../checkpoint-key/checkpoint-key.module';
import { ServiceAccountsModule } from '../service-accounts/service-accounts.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { StagedRotationModule } from '../staged-rotation/staged-rotation.module';
import { SecretsHandler } from './secrets.handler';
import { SecretsStatusService } from './secrets-status.service';

@Module({
  imports: [SigningKeysModule, ServiceAccountsModule, StagedRotationModule, DatabasePasswordsModule, CheckpointKeyModule],
  controllers: [SecretsHandler],
  providers: [SecretsStatusService],
})
export class SecretsModule {}
