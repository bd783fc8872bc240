/**
 * Revoking all of one user's tokens (an admin's "sign this user out everywhere", also used after
 * a role change, a password reset and a deletion): refresh tokens are marked revoked, and a
 * per-user cutoff voids the access tokens already out. TokenRevoked carries the news to every
 * gateway replica.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, ServiceError, type EventRecorder, type OutboxRelay } from '@tr4ction/messaging';
import { CLOCK, EVENT_RECORDER, OUTBOX_RELAY, type Clock } from '@tr4ction/platform';
import { cutoffSecondsFor } from './token-cutoff.util';
import { UserTokenCutoffsRepository, type UserTokenCutoff } from './user-token-cutoffs.repository';

const SERVICE = 'auth-service';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Access tokens live at most a day (the signer's cap): older cutoffs can no longer matter. */
export const CUTOFF_RELEVANCE_SECONDS = 24 * 60 * 60;

export interface RevokeUserTokensRequest {
  user_id: string;
  reason?: string;
}

export interface RevokeUserTokensResult {
  user_id: string;
  not_before: number;
  refresh_tokens_revoked: number;
}

@Injectable()
export class UserTokensService {
  constructor(
    private readonly cutoffs: UserTokenCutoffsRepository,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async revoke(req: RevokeUserTokensRequest, meta: RequestMeta): Promise<RevokeUserTokensResult> {
    if (typeof req.user_id !== 'string' || !UUID.test(req.user_id)) throw new ServiceError('VALIDATION_FAILED', 'user_id must be a UUID');
    const userId = req.user_id.toLowerCase();
    const reason = typeof req.reason === 'string' && req.reason ? req.reason.slice(0, 200) : 'revoked by an admin';
    const now = this.clock.now();
    const notBefore = cutoffSecondsFor(now.getTime());
    const revoked = await this.cutoffs.transaction(async (m) => {
      const count = await this.cutoffs.revokeRefreshTokens(m, userId, now);
      await this.cutoffs.set(m, userId, notBefore);
      await this.recorder.publishOnly(m, [
        buildEvent(SERVICE, meta, { type: 'TokenRevoked', subject: { type: 'user', id: userId }, data: { scope: 'user', reason }, occurredAt: now }),
      ]);
      return count;
    });
    this.relay.wake();
    return { user_id: userId, not_before: notBefore, refresh_tokens_revoked: revoked };
  }

  /** Cutoffs that may still void a live access token, for a gateway replica to load. */
  recent(): Promise<UserTokenCutoff[]> {
    return this.cutoffs.since(Math.floor(this.clock.now().getTime() / 1000) - CUTOFF_RELEVANCE_SECONDS);
  }

  /**
   * Called before issuing a token: if the user's tokens were revoked within this very second,
   * wait for the next one, so the new token's `iat` is not before the cutoff.
   */
  async waitPastCutoff(userId: string): Promise<void> {
    const cutoff = await this.cutoffs.get(userId);
    if (cutoff === undefined) return;
    const waitMs = cutoff * 1000 - this.clock.now().getTime();
    if (waitMs > 0 && waitMs <= 1000) await new Promise((r) => setTimeout(r, waitMs));
  }
}
