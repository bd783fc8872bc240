import './instrument';
import 'reflect-metadata';
import { rotationServiceSchema } from '@tr4ction/config';
import { runService } from '@tr4ction/platform';
import { rotationServiceMigrations, ROTATION_SERVICE_SCHEMA } from './migrations';
import { RotationServiceModule } from './rotation-service.module';

runService({
  name: 'rotation-service',
  schema: rotationServiceSchema,
  dbSchema: ROTATION_SERVICE_SCHEMA,
  migrations: rotationServiceMigrations,
  rootModule: (deps) => RotationServiceModule.forRoot(deps),
});
