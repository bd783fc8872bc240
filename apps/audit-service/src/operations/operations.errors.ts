import { ServiceError } from '@tr4ction/messaging';

/** The errors the operations feature answers with. */
export const OperationsErrors = {
  validation: (problems: string[]) => new ServiceError('VALIDATION_FAILED', `invalid request: ${problems.join('; ')}`),
  notCli: () => new ServiceError('FORBIDDEN', 'operator actions are recorded for the operator CLI only'),
};
