/** Every service's schema and migrations, so integration tests run against the real schema. */
import type { MigrationInterface } from 'typeorm';
import { gatewayMigrations, GATEWAY_SCHEMA } from '../../apps/api-gateway/src/migrations';
import { auditServiceMigrations, AUDIT_SERVICE_SCHEMA } from '../../apps/audit-service/src/migrations';
import { authServiceMigrations, AUTH_SERVICE_SCHEMA } from '../../apps/auth-service/src/migrations';
import { rotationServiceMigrations, ROTATION_SERVICE_SCHEMA } from '../../apps/rotation-service/src/migrations';
import { userServiceMigrations, USER_SERVICE_SCHEMA } from '../../apps/user-service/src/migrations';

export const ALL_MIGRATIONS: Array<{ schema: string; migrations: Array<new () => MigrationInterface> }> = [
  { schema: USER_SERVICE_SCHEMA, migrations: userServiceMigrations },
  { schema: AUTH_SERVICE_SCHEMA, migrations: authServiceMigrations },
  { schema: AUDIT_SERVICE_SCHEMA, migrations: auditServiceMigrations },
  { schema: ROTATION_SERVICE_SCHEMA, migrations: rotationServiceMigrations },
  { schema: GATEWAY_SCHEMA, migrations: gatewayMigrations },
];
