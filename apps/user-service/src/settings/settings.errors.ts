import { ServiceError } from '@tr4ction/messaging';

/** The errors of runtime settings; codes map to HTTP problem JSON at the gateway. */
export const SettingsErrors = {
  /** Each problem names its key; values are never echoed. */
  invalid: (problems: string[]) => new ServiceError('VALIDATION_FAILED', problems.join('; ')),
  /** If-Match named a version that is no longer current: another admin changed the settings meanwhile. */
  stale: (current: number) =>
    new ServiceError('PRECONDITION_FAILED', `The settings changed meanwhile (now version ${current}); reload them and apply your change again`),
  busy: () => new ServiceError('CONFLICT', 'The settings are being changed by someone else right now; retry'),
};
