/**
 * Per-user token cutoffs ("tokens of this user issued before second S are void"), set by
 * auth-service when an admin revokes a user's tokens. Access tokens are verified locally, so each
 * gateway replica keeps the recent cutoffs in memory: loaded from auth-service at start and every
 * minute, and updated at once from the TokenRevoked events on the bus, so a revocation reaches
 * every replica within the outbox relay's delay.
 */
import type { NatsConnection, Subscription } from 'nats';
import { RPC, subjectFor, type EventEnvelope } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';

const SYSTEM = { actor: { type: 'system' as const, id: 'api-gateway' } };
const RELOAD_EVERY_MS = 60_000;
/** Access tokens live at most a day: older cutoffs can no longer void anything. */
const RELEVANCE_SECONDS = 24 * 60 * 60;

/** The same rule as auth-service's: a revocation at `ms` voids tokens with `iat` up to that second. */
export function cutoffSecondsFor(revokedAtMs: number): number {
  return Math.floor(revokedAtMs / 1000) + 1;
}

export class UserTokenCutoffs {
  private readonly cutoffs = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;

  constructor(
    private readonly rpc: RpcClient,
    private readonly logger: Logger,
  ) {}

  /** True when the token (by subject and `iat`) was issued before its user's cutoff. */
  isRevoked(userId: string, iatSeconds: number): boolean {
    const cutoff = this.cutoffs.get(userId);
    return cutoff !== undefined && iatSeconds < cutoff;
  }

  record(userId: string, notBeforeSeconds: number): void {
    const current = this.cutoffs.get(userId) ?? 0;
    if (notBeforeSeconds > current) this.cutoffs.set(userId, notBeforeSeconds);
  }

  start(nats: NatsConnection): void {
    this.subscription = nats.subscribe(subjectFor('TokenRevoked'), {
      callback: (err, msg) => {
        if (err) return;
        try {
          const event = JSON.parse(new TextDecoder().decode(msg.data)) as EventEnvelope<'TokenRevoked'>;
          if (event.data?.scope === 'user' && typeof event.subject?.id === 'string') this.record(event.subject.id, cutoffSecondsFor(Date.parse(event.occurred_at)));
        } catch {
          // Not an event we can read; the periodic reload covers it.
        }
      },
    });
    // A bus outage may have hidden events: reload whenever the connection comes back.
    void (async () => {
      for await (const status of nats.status()) if (status.type === 'reconnect') void this.reload();
    })().catch(() => undefined);
    void this.reload();
    this.timer = setInterval(() => void this.reload(), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  async reload(): Promise<void> {
    try {
      const list = await this.rpc.send<unknown, Array<{ user_id: string; not_before: number }>>(RPC.auth.userTokenCutoffs, SYSTEM, {}, 5000);
      for (const c of list) this.record(c.user_id, c.not_before);
      const oldest = Math.floor(Date.now() / 1000) - RELEVANCE_SECONDS;
      for (const [user, s] of this.cutoffs) if (s < oldest) this.cutoffs.delete(user);
    } catch (err) {
      this.logger.warn({ err_name: (err as Error).name }, 'could not load token cutoffs from auth-service; retrying');
    }
  }
}
