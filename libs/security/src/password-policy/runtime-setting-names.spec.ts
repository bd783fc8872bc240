import { PASSWORD_POLICY_NAMES } from '@tr4ction/contracts';
import { POLICY_NAMES } from './password-policy.types';

/** The runtime setting `password_policy` accepts exactly the profiles this library implements. */
describe('password_policy runtime setting', () => {
  it('names the same profiles as the policy library', () => {
    expect([...PASSWORD_POLICY_NAMES]).toEqual([...POLICY_NAMES]);
  });
});
