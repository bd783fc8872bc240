import { Module } from '@nestjs/common';
import { StagedRotationModule } from '../staged-rotation/staged-rotation.module';
import { JwtSecretRotation } from './jwt-secret.rotation';
import { MasterKeyRotation } from './master-key.rotation';
import { MasterKeyStagedRotation } from './master-key.staged-rotation';
import { SigningKeyAggregates } from './signing-key-aggregates';
import { SigningKeysHandler } from './signing-keys.handler';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

@Module({
  imports: [StagedRotationModule],
  controllers: [SigningKeysHandler],
  providers: [SigningKeysService, SigningKeyAggregates, SigningKeysRepository, MasterKeyRotation, MasterKeyStagedRotation, JwtSecretRotation],
  exports: [SigningKeysService, JwtSecretRotation, MasterKeyStagedRotation],
})
export class SigningKeysModule {}
