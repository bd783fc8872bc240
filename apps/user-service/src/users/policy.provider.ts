/**
 * The password policy profile in force: the `password_policy` runtime setting (PASSWORD_POLICY
 * until an admin changes it), read per call so a change applies to the next password checked.
 */
import { Injectable } from '@nestjs/common';
import { getPolicy, type PasswordPolicy } from '@tr4ction/security';
import { RuntimeSettingsHolder } from '../settings/runtime-settings.holder';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class PolicyProvider {
  constructor(private readonly settings: RuntimeSettingsHolder) {}

  current(): PasswordPolicy {
    return getPolicy(this.settings.current().password_policy);
  }

  /** When a password set at `from` expires under the current profile (null: never). */
  expiresAt(from: Date): string | null {
    const days = this.current().expiryDays;
    return days === null ? null : new Date(from.getTime() + days * DAY_MS).toISOString();
  }
}
