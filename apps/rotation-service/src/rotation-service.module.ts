import { Module, type DynamicModule } from '@nestjs/common';
import { createPingController, PlatformModule, type PlatformDeps, type SigningSecrets } from '@tr4ction/platform';
import type { StagedSecretStores } from '@tr4ction/secrets';
import type { AccessTokenLifetimeWindow } from '@tr4ction/tokens';
import { ACCESS_TOKEN_WINDOW, SIGNING_SECRETS, STAGED_STORES } from './rotation.tokens';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SecretsModule } from './secrets/secrets.module';
import { ServiceAccountsModule } from './service-accounts/service-accounts.module';
import { SigningKeysModule } from './signing-keys/signing-keys.module';

export interface RotationServiceDeps {
  secrets: SigningSecrets;
  accessTokenWindow: AccessTokenLifetimeWindow;
  /** The writable stores (file, AWS) staged rotations write through. */
  stores: StagedSecretStores;
  /** Says why the service cannot serve yet (no active signing key), or undefined. */
  readiness: () => string | undefined;
}

/** Signing keys, service accounts and their schedules. */
@Module({})
export class RotationServiceModule {
  static forRoot(deps: PlatformDeps, own: RotationServiceDeps): DynamicModule {
    return {
      module: RotationServiceModule,
      global: true,
      imports: [PlatformModule.forRoot(deps), SigningKeysModule, ServiceAccountsModule, SchedulerModule, SecretsModule],
      providers: [
        { provide: SIGNING_SECRETS, useValue: own.secrets },
        { provide: ACCESS_TOKEN_WINDOW, useValue: own.accessTokenWindow },
        { provide: STAGED_STORES, useValue: own.stores },
      ],
      exports: [SIGNING_SECRETS, ACCESS_TOKEN_WINDOW, STAGED_STORES],
      controllers: [createPingController('rotation-service', own.readiness)],
    };
  }
}
