/**
 * Keeps a TokenState current, in the gateway and in every service that checks the access token a
 * request carries. At boot it subscribes to the key and revocation events first
 * and then loads both snapshots by RPC (rotation-service's published keys, auth-service's
 * persisted revocations), so nothing falls in between and a restarted gateway knows every
 * revocation. Events are applied as they arrive (a revoke-all reaches every replica in
 * milliseconds); a reconnect or an unreadable message reloads everything, and so does a slow
 * periodic resync, the safety net for anything core NATS might have dropped.
 */
import type { NatsConnection } from 'nats';
import { Counter, Gauge, type Registry } from 'prom-client';
import { RPC, subjectsFor, type EventEnvelope, type EventType, type RequestMeta } from '@tr4ction/contracts';
import { CoalescingReloader, watchEvents, type EventAuthenticator, type EventWatch, type RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { hmacKeyId, type TokenState } from '@tr4ction/tokens';
import type { SigningSecrets } from '../signing-secrets';
const WATCHED: readonly EventType[] = [
  'TokenRevoked',
  'SessionRevoked',
  'AllTokensRevoked',
  'SecretRotated',
  'SigningKeyCreated',
  'SigningKeyStatusChanged',
  'SigningKeyRevoked',
];
/** Tolerated skew between issuer and verifier; a replaced HS256 secret verifies this much longer than a token lives. */
const CLOCK_TOLERANCE_MS = 60_000;

export interface TokenStateSyncOptions {
  /** Who is loading (the actor of the key and revocation requests). */
  service: string;
  /** Names this follower in the bus-security alert metric; default `<service>-token-state`. */
  watcher?: string;
  state: TokenState;
  rpc: RpcClient;
  nats: NatsConnection;
  /** Every revocation or key event is authenticated (signature, owner) before it is applied. */
  authenticator: EventAuthenticator;
  logger: Logger;
  resyncMs: number;
  /**
   * The key set alone reloads at least this often, when shorter than `resyncMs`: the gateway passes
   * its JWKS cache period, so the JWKS it serves is never staler than the max-age it advertises,
   * even if a key event was missed.
   */
  keysResyncMs?: number;
  /** The `iss` of the platform's tokens: denials are keyed by issuer and jti. */
  issuer: string;
  /**
   * HS256 mode: how long a replaced secret keeps verifying, read when the replacement is seen. The
   * longest access-token lifetime that may still be live (AccessTokenLifetimeWindow), since an
   * admin can raise the lifetime at runtime above ACCESS_TOKEN_TTL_SECONDS.
   */
  accessTokenTtlSeconds: () => number;
  /** HS256 mode only: where JWT_SECRET_KEY is re-read from. */
  secrets?: SigningSecrets;
  registry: Registry;
}

export class TokenStateSync {
  private watch?: EventWatch;
  private timer?: NodeJS.Timeout;
  private keysTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Set by a rotation event: the provider may hold a new JWT_SECRET_KEY, so bypass the secrets cache once. */
  private secretsStale = false;
  private readonly keys: CoalescingReloader;
  private readonly revocations: CoalescingReloader;
  private readonly revocationEvents: Counter<'kind'>;
  private readonly system: RequestMeta;

  constructor(private readonly options: TokenStateSyncOptions) {
    this.system = { actor: { type: 'system', id: options.service } };
    const warn = (what: string) => (err: unknown) =>
      options.logger.warn({ err_name: (err as Error).name, err: (err as Error).message }, `cannot load ${what} yet; retrying`);
    this.keys = new CoalescingReloader(() => this.loadKeys(), warn('signing keys'));
    this.revocations = new CoalescingReloader(() => this.loadRevocations(), warn('revocation state'));
    this.revocationEvents = new Counter({
      name: 'tr4ction_token_revocation_events_total',
      help: 'Revocation events applied by this process',
      labelNames: ['kind'],
      registers: [options.registry],
    });
    const counts = (): ReturnType<TokenState['counts']> => options.state.counts();
    new Gauge({
      name: 'tr4ction_token_denylist_size',
      help: 'Denied access-token jtis held in memory',
      registers: [options.registry],
      collect() {
        this.set(counts().denied);
      },
    });
  }

  /** Resolves once both snapshots are loaded (retrying while the services start). */
  async start(): Promise<void> {
    this.watch = watchEvents(
      this.options.nats,
      WATCHED.flatMap(subjectsFor),
      {
        onEvent: (event) => this.apply(event),
        onResync: (reason) => {
          this.options.logger.info({ reason }, 'reloading keys and revocations');
          this.secretsStale = true;
          void this.resync();
        },
      },
      { authenticator: this.options.authenticator, watcher: this.options.watcher ?? `${this.options.service}-token-state` },
    );
    await this.watch.ready;
    let delay = 200;
    while (!this.stopped) {
      const [keys, revocations] = await Promise.all([this.keys.trigger(), this.revocations.trigger()]);
      if (keys && revocations && this.options.state.ready()) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
    this.scheduleKeyReloads();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.keys.stop();
    this.revocations.stop();
    if (this.timer) clearTimeout(this.timer);
    if (this.keysTimer) clearInterval(this.keysTimer);
  }

  async resync(): Promise<void> {
    await Promise.all([this.keys.trigger(), this.revocations.trigger()]);
    this.options.state.prune();
  }

  /** The key set alone, every keysResyncMs, when that is sooner than the full resync. */
  private scheduleKeyReloads(): void {
    const keysMs = this.options.keysResyncMs;
    if (this.stopped || !keysMs || keysMs >= this.options.resyncMs) return;
    this.keysTimer = setInterval(() => void this.keys.trigger(), keysMs);
    this.keysTimer.unref();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.resync().finally(() => this.schedule()), this.options.resyncMs);
    this.timer.unref();
  }

  private apply(event: EventEnvelope): void {
    const { state } = this.options;
    switch (event.type) {
      case 'TokenRevoked': {
        const data = event.data as EventEnvelope<'TokenRevoked'>['data'];
        // Denials are keyed by issuer and jti; auth-service is this platform's only issuer.
        if (data.scope === 'token' && data.jti) state.deny(this.options.issuer, data.jti);
        if (data.scope === 'user') state.cutSubject(event.subject.id, Date.parse(event.occurred_at));
        this.revocationEvents.inc({ kind: data.scope });
        return;
      }
      case 'SessionRevoked':
        state.denySession((event.data as EventEnvelope<'SessionRevoked'>['data']).session_id);
        this.revocationEvents.inc({ kind: 'session' });
        return;
      case 'AllTokensRevoked':
        state.cutAll(Date.parse((event.data as EventEnvelope<'AllTokensRevoked'>['data']).not_before));
        this.revocationEvents.inc({ kind: 'all' });
        this.options.logger.warn(
          { not_before: (event.data as EventEnvelope<'AllTokensRevoked'>['data']).not_before },
          'all tokens issued before the cutoff are now rejected',
        );
        return;
      case 'SigningKeyRevoked':
        state.dropKey((event.data as EventEnvelope<'SigningKeyRevoked'>['data']).kid);
        void this.keys.trigger();
        return;
      default:
        // Key created, status changed, secret rotated: the key set changed at its source.
        if (event.type === 'SecretRotated') this.secretsStale = true;
        void this.keys.trigger();
    }
  }

  private async loadKeys(): Promise<void> {
    const { state, secrets } = this.options;
    if (state.mode === 'hmac') {
      if (!secrets) throw new Error('HS256 mode needs the secrets provider');
      if (this.secretsStale) {
        this.secretsStale = false;
        secrets.refresh();
      }
      const secret = await secrets.jwtSecret();
      state.setHmacSecret(hmacKeyId(secret), secret, this.options.accessTokenTtlSeconds() * 1000 + CLOCK_TOLERANCE_MS);
      return;
    }
    const { keys } = await this.options.rpc.send(RPC.rotation.publicKeys, this.system, {});
    state.replaceKeys(keys);
  }

  private async loadRevocations(): Promise<void> {
    const snapshot = await this.options.rpc.send(RPC.auth.revocationState, this.system, {});
    this.options.state.applySnapshot(snapshot);
  }
}
