import './instrument';
import 'reflect-metadata';
import { rotationServiceSchema } from '@tr4ction/config';
import { runService, SigningSecrets } from '@tr4ction/platform';
import { rotationServiceMigrations, ROTATION_SERVICE_SCHEMA } from './migrations';
import { RotationServiceModule } from './rotation-service.module';
import { RotationScheduler } from './scheduler/rotation.scheduler';

let secrets: SigningSecrets | undefined;
let scheduler: RotationScheduler | undefined;

runService({
  name: 'rotation-service',
  schema: rotationServiceSchema,
  dbSchema: ROTATION_SERVICE_SCHEMA,
  migrations: rotationServiceMigrations,
  async preflight(config, _dataSource, logger) {
    if (config.ENVIRONMENT === 'production' && config.TR4CTION_FAULT_ROTATION_HOLD_MS) {
      throw new Error('TR4CTION_FAULT_ROTATION_HOLD_MS is not allowed in production');
    }
    secrets = new SigningSecrets({ onDevKey: (path) => logger.warn({ path }, 'SIGNING_KEYS_MASTER_KEY is not set: using a development master key from a local file (refused in production)') });
    // Fails here, before anything listens, when production lacks a usable secret; names the variable only.
    if (config.JWT_ALGORITHM === 'HS256') await secrets.jwtSecret();
    else await secrets.masterKey();
  },
  rootModule: (deps) => {
    if (!secrets) throw new Error('rotation-service preflight did not run');
    return RotationServiceModule.forRoot(deps, { secrets, readiness: () => (scheduler?.ready ? undefined : 'no_active_signing_key') });
  },
  async afterStart(app) {
    const started = app.get(RotationScheduler);
    scheduler = started;
    await started.start();
  },
});
