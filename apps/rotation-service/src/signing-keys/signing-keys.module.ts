import { Module } from '@nestjs/common';
import { MasterKeyRotation } from './master-key.rotation';
import { SigningKeysHandler } from './signing-keys.handler';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysHandler],
  providers: [SigningKeysService, SigningKeysRepository, MasterKeyRotation],
  exports: [SigningKeysService],
})
export class SigningKeysModule {}
