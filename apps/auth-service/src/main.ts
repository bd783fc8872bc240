import './instrument';
import 'reflect-metadata';
import { authServiceSchema } from '@tr4ction/config';
import { loadJwtSecret, runService } from '@tr4ction/platform';
import { authServiceMigrations, AUTH_SERVICE_SCHEMA } from './migrations';
import { AuthServiceModule } from './auth-service.module';

let jwtSecret = '';

runService({
  name: 'auth-service',
  schema: authServiceSchema,
  dbSchema: AUTH_SERVICE_SCHEMA,
  migrations: authServiceMigrations,
  async preflight() {
    jwtSecret = await loadJwtSecret();
  },
  rootModule: (deps) => AuthServiceModule.forRoot(deps, jwtSecret),
});
