import { Module } from '@nestjs/common';
import { UserTokenCutoffsRepository } from './user-token-cutoffs.repository';
import { UserTokensHandler } from './user-tokens.handler';
import { UserTokensService } from './user-tokens.service';

@Module({
  controllers: [UserTokensHandler],
  providers: [UserTokensService, UserTokenCutoffsRepository],
  exports: [UserTokensService],
})
export class UserTokensModule {}
