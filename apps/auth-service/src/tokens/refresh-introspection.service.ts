/**
 * RFC 7662 for refresh tokens (opaque, so only auth-service can say): live means known, neither
 * spent nor revoked, within its family's absolute lifetime and issued after every cutoff of its
 * user (a revoke-tokens, a revoke-all). Anything else is `{active: false}`, whatever the reason.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RefreshTokenIntrospection } from '@tr4ction/contracts';
import { CLOCK, type Clock } from '@tr4ction/platform';
import { hashOpaqueToken, opaqueTokenKind } from '@tr4ction/tokens';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RevocationService } from './revocation.service';

@Injectable()
export class RefreshIntrospectionService {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly revocation: RevocationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async introspect(token: unknown): Promise<RefreshTokenIntrospection> {
    if (typeof token !== 'string' || opaqueTokenKind(token) !== 'refresh_token') return { active: false };
    const row = await this.refreshTokens.find(hashOpaqueToken(token));
    const now = this.clock.now().getTime();
    if (!row || row.spent_at !== null || row.revoked_at !== null || row.expires_at.getTime() <= now) return { active: false };
    const cutoff = await this.revocation.cutoffFor(row.user_id);
    if (cutoff !== undefined && row.issued_at.getTime() < cutoff.getTime()) return { active: false };
    return {
      active: true,
      sub: row.user_id,
      scope: row.scope,
      exp: Math.floor(row.expires_at.getTime() / 1000),
      iat: Math.floor(row.issued_at.getTime() / 1000),
      token_type: 'refresh_token',
    };
  }
}
