/**
 * The key auth-service signs with, held decrypted in memory. Signing happens at every login,
 * refresh and client_credentials grant, so it must cost a local RSA signature (~0.7 ms) rather
 * than a round trip: auth-service fetches the active key from rotation-service (still encrypted:
 * the master key never crosses the bus) at boot, on every key event and periodically as a safety
 * net, and decrypts it with SIGNING_KEYS_MASTER_KEY. In HS256 (runbook) mode it holds
 * JWT_SECRET_KEY instead, re-read from the secrets provider when a rotation is announced.
 */
import type { NatsConnection } from 'nats';
import { RPC, subjectsFor } from '@tr4ction/contracts';
import { CoalescingReloader, watchEvents, type EventAuthenticator, type EventWatch, type RpcClient } from '@tr4ction/messaging';
import type { SigningSecrets } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { decryptPrivateKeyWithAny, hmacKeyId, isTokenError, type AccessTokenSigningKey } from '@tr4ction/tokens';

const SYSTEM = { actor: { type: 'system' as const, id: 'auth-service' } };
const KEY_EVENTS = ['SecretRotated', 'SigningKeyRevoked', 'SigningKeyStatusChanged'] as const;

export interface SigningKeyHolderOptions {
  mode: 'asymmetric' | 'hmac';
  rpc: RpcClient;
  secrets: SigningSecrets;
  /** Where key events come from; absent in unit tests. Every event is authenticated before it counts. */
  events?: { nats: NatsConnection; authenticator: EventAuthenticator };
  logger: Logger;
  resyncMs: number;
}

interface EncryptedSigningKey {
  kid: string;
  alg: string;
  encrypted_private_key: string;
}

export class SigningKeyHolder {
  private key?: AccessTokenSigningKey;
  private kid?: string;
  private watch?: EventWatch;
  private timer?: NodeJS.Timeout;
  private readonly reloader: CoalescingReloader;
  private failures = 0;
  private stopped = false;
  /** Set by rotation events: the provider may hold a new value, so bypass the secrets cache once. */
  private secretsStale = false;

  constructor(private readonly options: SigningKeyHolderOptions) {
    this.reloader = new CoalescingReloader(
      () => this.load(),
      (err) => {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) {
          options.logger.warn(
            { err_name: (err as Error).name, err: (err as Error).message, failures: this.failures },
            'cannot load the signing key yet; retrying',
          );
        }
      },
    );
  }

  /** The key to sign with now, or undefined while none is known (logins answer 503 then). */
  current(): AccessTokenSigningKey | undefined {
    return this.key;
  }

  get currentKid(): string | undefined {
    return this.kid;
  }

  /** Subscribes first, then loads, so no event can fall between the snapshot and the subscription. */
  start(): void {
    if (this.options.events) {
      this.watch = watchEvents(
        this.options.events.nats,
        KEY_EVENTS.flatMap(subjectsFor),
        {
          onEvent: (event) => {
            // A revoked signer must stop at once, even before its replacement has been fetched.
            if (event.type === 'SigningKeyRevoked' && (event.data as { kid?: string }).kid === this.kid) {
              this.key = undefined;
              this.kid = undefined;
            }
            if (event.type === 'SecretRotated') this.secretsStale = true;
            void this.refresh();
          },
          onResync: () => {
            this.secretsStale = true;
            void this.refresh();
          },
        },
        { authenticator: this.options.events.authenticator, watcher: 'auth-service-signing-key' },
      );
    }
    void this.bootstrap();
  }

  refresh(): Promise<boolean> {
    return this.reloader.trigger();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.reloader.stop();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Retries quickly until the first key arrives (rotation-service may still be starting), then settles into the resync rhythm. */
  private async bootstrap(): Promise<void> {
    await this.watch?.ready;
    let delay = 200;
    while (!this.stopped && !this.key) {
      if (await this.refresh()) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
    this.scheduleResync();
  }

  private scheduleResync(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.scheduleResync());
    }, this.options.resyncMs);
    this.timer.unref();
  }

  private async load(): Promise<void> {
    if (this.options.mode === 'hmac') {
      // A rotation event means "the secret changed in the provider": read it again. The periodic
      // resync relies on the secrets cache instead, so the provider is not called every few seconds.
      if (this.secretsStale) {
        this.secretsStale = false;
        this.options.secrets.refresh();
      }
      const secret = await this.options.secrets.jwtSecret();
      this.swap(hmacKeyId(secret), { alg: 'HS256', secret });
      return;
    }
    const active = await this.options.rpc.send(RPC.rotation.activeSigningKey, SYSTEM, {});
    if (active.kid === this.kid) return;
    if (active.alg !== 'RS256' && active.alg !== 'ES256') throw new Error('unsupported signing key algorithm');
    const privatePem = await this.decrypt(active);
    this.swap(active.kid, { kid: active.kid, alg: active.alg, privatePem });
  }

  /** Under the current master key, or the previous one while a master-key rotation is under way. */
  private async decrypt(active: EncryptedSigningKey): Promise<string> {
    try {
      return decryptPrivateKeyWithAny(active.encrypted_private_key, await this.options.secrets.masterKeys(), active.kid).privatePem;
    } catch (err) {
      if (!isTokenError(err)) throw err;
      // The master key may have been replaced in the provider: read it once more before giving up.
      this.options.secrets.refresh();
      return decryptPrivateKeyWithAny(active.encrypted_private_key, await this.options.secrets.masterKeys(), active.kid).privatePem;
    }
  }

  private swap(kid: string, key: AccessTokenSigningKey): void {
    const previous = this.kid;
    this.key = key;
    this.kid = kid;
    this.failures = 0;
    if (previous !== kid) this.options.logger.info({ kid, previous_kid: previous ?? null }, 'signing with a new key');
  }
}
