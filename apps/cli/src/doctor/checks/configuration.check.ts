import {
  auditServiceSchema,
  authServiceSchema,
  cliSchema,
  ConfigError,
  gatewaySchema,
  parseConfig,
  rotationServiceSchema,
  userServiceSchema,
} from '@tr4ction/config';
import { fail, pass, type DoctorCheck } from '../doctor-check';

const SCHEMAS = {
  'api-gateway': gatewaySchema,
  'user-service': userServiceSchema,
  'auth-service': authServiceSchema,
  'audit-service': auditServiceSchema,
  'rotation-service': rotationServiceSchema,
  'tr4ction CLI': cliSchema,
};

/** Every service validates its environment at boot and refuses to start on a bad value: find those first. */
export const configurationCheck: DoctorCheck = {
  id: 'configuration',
  title: 'every service accepts this environment',
  async run({ env }) {
    const problems = new Set<string>();
    for (const schema of Object.values(SCHEMAS)) {
      try {
        parseConfig(schema, env);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        for (const p of err.problems) problems.add(p);
      }
    }
    if (!problems.size) return pass(`valid for ${Object.keys(SCHEMAS).join(', ')}`);
    return fail([...problems].join('; '), 'fix these variables: the services refuse to start with them');
  },
};
