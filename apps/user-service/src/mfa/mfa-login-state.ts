/**
 * What a login needs to know about a user's second factors: which methods can finish it, and
 * whether the user's roles demand a factor they do not have yet (`mfa_required_roles`).
 */
import { Injectable } from '@nestjs/common';
import type { MfaChallengeType } from '@tr4ction/contracts';
import { RuntimeSettingsHolder } from '../settings/runtime-settings.holder';
import { MfaRepository } from './mfa.repository';

export interface MfaLoginFacts {
  methods: MfaChallengeType[];
  enrollmentRequired: boolean;
}

/** Pure: confirmed factor types and unused recovery codes -> the methods a challenge may use. */
export function mfaFacts(
  factorTypes: readonly MfaChallengeType[],
  recoveryCodesLeft: number,
  roles: readonly string[],
  requiredRoles: readonly string[],
): MfaLoginFacts {
  const methods = [...new Set(factorTypes)];
  if (methods.length && recoveryCodesLeft > 0) methods.push('recovery_code');
  return { methods, enrollmentRequired: methods.length === 0 && roles.some((r) => requiredRoles.includes(r)) };
}

@Injectable()
export class MfaLoginState {
  constructor(
    private readonly repository: MfaRepository,
    private readonly settings: RuntimeSettingsHolder,
  ) {}

  /** `hasConfirmedFactor`: already read with the login's reservation; false spares the factors' query. */
  async forUser(userId: string, roles: readonly string[], hasConfirmedFactor?: boolean): Promise<MfaLoginFacts> {
    const factors = hasConfirmedFactor === false ? [] : await this.repository.confirmedFactors(userId);
    const left = factors.length ? await this.repository.recoveryCodesLeft(userId) : 0;
    return mfaFacts(
      factors.map((f) => f.type),
      left,
      roles,
      this.settings.current().mfa_required_roles,
    );
  }
}
