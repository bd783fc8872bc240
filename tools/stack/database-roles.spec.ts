/** The roles table (libs/persistence) names each service's schema as the service's migrations do. */
import { SERVICE_DATABASE_ROLES } from '@tr4ction/persistence';
import { GATEWAY_SCHEMA } from '../../apps/api-gateway/src/migrations';
import { AUDIT_SERVICE_SCHEMA } from '../../apps/audit-service/src/migrations';
import { AUTH_SERVICE_SCHEMA } from '../../apps/auth-service/src/migrations';
import { ROTATION_SERVICE_SCHEMA } from '../../apps/rotation-service/src/migrations';
import { USER_SERVICE_SCHEMA } from '../../apps/user-service/src/migrations';

describe('database roles and the services schemas', () => {
  it('gives each service the schema its migrations create', () => {
    expect(Object.fromEntries(SERVICE_DATABASE_ROLES.map((r) => [r.service, r.schema]))).toEqual({
      'api-gateway': GATEWAY_SCHEMA,
      'audit-service': AUDIT_SERVICE_SCHEMA,
      'auth-service': AUTH_SERVICE_SCHEMA,
      'rotation-service': ROTATION_SERVICE_SCHEMA,
      'user-service': USER_SERVICE_SCHEMA,
    });
  });
});
