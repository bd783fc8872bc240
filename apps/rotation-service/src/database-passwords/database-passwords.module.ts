import { Module } from '@nestjs/common';
import { StagedRotationModule } from '../staged-rotation/staged-rotation.module';
import { DatabasePasswordRotation } from './database-password.rotation';

/** The services' own database passwords, rotated in the secrets store and on their Postgres logins. */
@Module({
  imports: [StagedRotationModule],
  providers: [DatabasePasswordRotation],
  exports: [DatabasePasswordRotation],
})
export class DatabasePasswordsModule {}
