/**
 * The password policy profile in force (PASSWORD_POLICY). One seam, so a runtime settings change
 * can later swap the profile without touching the callers.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { SERVICE_CONFIG } from '@tr4ction/platform';
import { getPolicy, type PasswordPolicy } from '@tr4ction/security';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class PolicyProvider {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof userServiceSchema>) {}

  current(): PasswordPolicy {
    return getPolicy(this.config.PASSWORD_POLICY);
  }

  /** When a password set at `from` expires under the current profile (null: never). */
  expiresAt(from: Date): string | null {
    const days = this.current().expiryDays;
    return days === null ? null : new Date(from.getTime() + days * DAY_MS).toISOString();
  }
}
