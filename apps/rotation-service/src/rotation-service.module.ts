import { Module, type DynamicModule } from '@nestjs/common';
import { createPingController, PlatformModule, type PlatformDeps } from '@tr4ction/platform';

/** Signing keys, service accounts and schedules live here (see the tokens issue); for now: readiness. */
@Module({})
export class RotationServiceModule {
  static forRoot(deps: PlatformDeps): DynamicModule {
    return { module: RotationServiceModule, imports: [PlatformModule.forRoot(deps)], controllers: [createPingController('rotation-service')] };
  }
}
