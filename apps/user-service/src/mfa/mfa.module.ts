import { Module } from '@nestjs/common';
import { LockoutRepository } from '../credentials/lockout.repository';
import { UsersModule } from '../users/users.module';
import { MfaChallengeService } from './mfa-challenge.service';
import { MfaHandler } from './mfa.handler';
import { MfaService } from './mfa.service';
import { WebauthnRepository } from './webauthn.repository';
import { WebauthnService } from './webauthn.service';

/** Second factors (TOTP, passkeys) and recovery codes. MfaRepository, MfaKeyProvider and MfaLoginState come from UsersModule (the login and the profile read them too). */
@Module({
  imports: [UsersModule],
  controllers: [MfaHandler],
  providers: [MfaService, MfaChallengeService, WebauthnService, WebauthnRepository, LockoutRepository],
})
export class MfaModule {}
