import { boolValue } from '../env-values';
import { fail, pass, type DoctorCheck } from '../doctor-check';

export const environmentCheck: DoctorCheck = {
  id: 'environment',
  title: 'ENVIRONMENT=production',
  async run({ env }) {
    const value = env.ENVIRONMENT?.trim() || 'development';
    if (value === 'production') return pass('ENVIRONMENT=production (seed accounts never created, unsafe defaults refused)');
    return fail(`ENVIRONMENT is ${value}${env.ENVIRONMENT ? '' : ' (the default)'}`, 'set ENVIRONMENT=production for every service');
  },
};

export const debugModeCheck: DoctorCheck = {
  id: 'debug-mode',
  title: 'DEBUG_MODE=false',
  async run({ env }) {
    const value = boolValue(env.DEBUG_MODE, false);
    if (value === false) return pass(`DEBUG_MODE is off${env.DEBUG_MODE ? '' : ' (the default)'}`);
    if (value === 'invalid') return fail('DEBUG_MODE is not a boolean', 'set DEBUG_MODE=false');
    return fail('DEBUG_MODE is on: verbose diagnostics in production', 'set DEBUG_MODE=false');
  },
};
