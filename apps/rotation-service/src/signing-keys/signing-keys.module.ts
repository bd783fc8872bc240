import { Module } from '@nestjs/common';
import { SigningKeysHandler } from './signing-keys.handler';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysHandler],
  providers: [SigningKeysService, SigningKeysRepository],
  exports: [SigningKeysService],
})
export class SigningKeysModule {}
