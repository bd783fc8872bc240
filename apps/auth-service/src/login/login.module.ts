import { Module } from '@nestjs/common';
import { LoginHandler } from './login.handler';
import { LoginService } from './login.service';
import { MfaChallengesRepository } from './mfa-challenges.repository';

@Module({
  controllers: [LoginHandler],
  providers: [LoginService, MfaChallengesRepository],
})
export class LoginModule {}
