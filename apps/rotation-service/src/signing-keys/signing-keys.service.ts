/**
 * Owns the signing keys: next -> active -> retiring -> retired, or revoked. Every transition is an
 * event in the key's stream, decided on the key aggregates folded from those streams (never on the
 * signing_keys_v1 read model) and written at the version loaded, with its projection and outbox
 * row in one transaction, so a
 * crash leaves either the old or the new state, never half a rotation (and the partial unique
 * index allows only one active key whatever happens). Replicas share the work through the
 * `signing-keys` job row, taken FOR UPDATE: whoever holds it decides, the others skip their turn.
 * Decisions come from stored timestamps alone (lifecycle policy in @tr4ction/tokens), so a
 * schedule survives restarts with nothing kept in memory.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { EventEnvelope, RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type RecordEvents, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, LOGGER, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock, type SigningSecrets } from '@tr4ction/platform';
import { platformMetrics, type Logger } from '@tr4ction/telemetry';
import {
  encryptPrivateKey,
  generateSigningKey,
  hmacKeyId,
  masterKeyId,
  nextKeyStatuses,
  type GeneratedSigningKey,
  type KeyRotationPolicy,
  type KeyStatusChange,
  type AccessTokenLifetimeWindow,
} from '@tr4ction/tokens';
import { ACCESS_TOKEN_WINDOW, SIGNING_SECRETS } from '../rotation.tokens';
import { emptySigningKey, toLifecycleRecord, type SigningKeyAggregate } from './signing-key.aggregate';
import { SigningKeyAggregates } from './signing-key-aggregates';
import { SigningKeysErrors } from './signing-keys.errors';
import { SigningKeysRepository } from './signing-keys.repository';
import type { EncryptedSigningKey, PublicSigningKeyView, RotationOutcome, SigningKeyRow, SigningKeyView } from './signing-keys.types';

/** How often a requested rotation waits for a busy pass before it answers with the schedule. */
const BUSY_RETRIES = 3;
const JOB = 'signing-keys';
const SCHEDULER = { type: 'system' as const, id: 'rotation-scheduler' };
const DAY_MS = 24 * 60 * 60 * 1000;
/** Verifiers tolerate this much clock skew, so a retiring key verifies this much longer. */
const CLOCK_TOLERANCE_SECONDS = 60;
const MAX_ROUNDS = 4;

export interface ReconcileResult {
  /** Another replica held the job: it does the work, this call changed nothing. */
  busy: boolean;
  changes: KeyStatusChange[];
  created: string[];
}

type Config = ConfigOf<typeof rotationServiceSchema>;

@Injectable()
export class SigningKeysService {
  constructor(
    private readonly keys: SigningKeysRepository,
    private readonly aggregates: SigningKeyAggregates,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SIGNING_SECRETS) private readonly secrets: SigningSecrets,
    @Inject(ACCESS_TOKEN_WINDOW) private readonly accessTokenWindow: Pick<AccessTokenLifetimeWindow, 'seconds'>,
  ) {}

  /** HS256 (the runbook mode) signs with JWT_SECRET_KEY: no key pairs to manage. */
  get managesKeys(): boolean {
    return this.config.JWT_ALGORITHM !== 'HS256';
  }

  private get alg(): 'RS256' | 'ES256' {
    return this.config.JWT_ALGORITHM === 'ES256' ? 'ES256' : 'RS256';
  }

  /**
   * `accessTokenTtlSeconds` is the longest access-token lifetime that may still be live (the env
   * value, the runtime setting and any recent value of it: AccessTokenLifetimeWindow), so raising
   * the setting never cuts short the tokens a retiring key signed.
   */
  policy(): KeyRotationPolicy {
    return {
      rotationIntervalDays: this.config.SIGNING_KEY_ROTATION_DAYS,
      accessTokenTtlSeconds: this.accessTokenWindow.seconds(this.clock.now().getTime()),
      jwksCacheSeconds: this.config.JWKS_CACHE_SECONDS,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    };
  }

  /**
   * Brings the keys in line with the policy: creates the first key and activates it, publishes a
   * next key, rotates when due (or when requested, once the next key has been public for a JWKS
   * cache period) and retires keys whose last token has expired. Safe from every replica, any time.
   */
  async reconcile(meta?: RequestMeta): Promise<ReconcileResult> {
    const result: ReconcileResult = { busy: false, changes: [], created: [] };
    if (!this.managesKeys) return result;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const step = await this.step(meta);
      if (step === 'busy') return { ...result, busy: true };
      result.changes.push(...step.changes);
      if (!step.createNextKey) break;
      const created = await this.createNextKey(meta);
      if (created === 'busy') return { ...result, busy: true };
      if (created) result.created.push(created);
    }
    return result;
  }

  /** POST /admin/keys/rotate: a planned rotation, as soon as the policy allows it. */
  async requestRotation(meta: RequestMeta): Promise<RotationOutcome> {
    if (!this.managesKeys) return this.rotateHmacSecret(meta);
    const before = (await this.aggregates.live(this.keys.manager)).find((k) => k.status === 'active')?.kid ?? null;
    await this.unitOfWork.run(async (m) => {
      await this.keys.lockJob(m, JOB, true);
      await this.keys.updateJob(m, JOB, { rotationRequestedAt: this.clock.now() });
    });
    // A pass that finds the job busy leaves the request to the pass holding it (the scheduler or
    // another replica), which honours it too: wait for that pass, then look again.
    for (let attempt = 0; attempt < BUSY_RETRIES && (await this.reconcile(meta)).busy; attempt++) {
      await this.keys.transaction((m) => this.keys.lockJob(m, JOB, true));
    }
    const live = await this.aggregates.live(this.keys.manager);
    const active = live.find((k) => k.status === 'active') ?? null;
    const next = live.find((k) => k.status === 'next') ?? null;
    // Rotated: whichever pass activated the next key, it did so after this request.
    if (active && active.kid !== before) {
      return { status: 'rotated', active_kid: active.kid, previous_kid: before, next_kid: next?.kid ?? null };
    }
    const activatesAt = next?.created_at
      ? new Date(Math.max(Date.parse(next.created_at) + this.config.JWKS_CACHE_SECONDS * 1000, this.clock.now().getTime()))
      : null;
    return { status: 'scheduled', active_kid: active?.kid ?? null, next_kid: next?.kid ?? null, activates_at: activatesAt?.toISOString() ?? null };
  }

  /**
   * Emergency: the key stops verifying at once. If it was the signer, a next key (or a fresh one)
   * takes over in the same transaction, so there is never a moment without an active key.
   */
  async revoke(kid: string, reason: string, meta: RequestMeta): Promise<SigningKeyView> {
    if (!this.managesKeys) throw SigningKeysErrors.hmacMode();
    const current = await this.aggregates.load(this.keys.manager, kid);
    if (current.status === null) throw SigningKeysErrors.notFound();
    if (current.status === 'revoked') return this.viewOf(kid);
    const live = await this.aggregates.live(this.keys.manager);
    const spare = current.status === 'active' && !live.some((k) => k.status === 'next') ? await this.prepareKey() : undefined;

    await this.unitOfWork.run(async (m) => {
      await this.keys.lockJob(m, JOB, true);
      // Decided again under the job lock: the key may have moved while the spare was generated.
      const key = await this.aggregates.load(m, kid);
      if (key.status === null || key.status === 'revoked') return;
      const now = this.clock.now();
      await this.aggregates.append(m, key, [
        buildEvent(this.service, meta, { type: 'SigningKeyRevoked', subject: keySubject(kid), data: { kid, reason }, occurredAt: now }),
      ]);
      if (key.status !== 'active') return;
      let replacement = (await this.aggregates.live(m)).find((k) => k.status === 'next');
      if (!replacement) {
        const fresh = spare ?? (await this.prepareKey());
        replacement = await this.insertKey(m, fresh, meta, now);
      }
      await this.applyChange(m, replacement, { kid: replacement.kid, event: 'activate', from: 'next', to: 'active' }, now, meta, true);
      await this.keys.updateJob(m, JOB, { rotationRequestedAt: null });
    });
    this.logger.warn({ kid, reason_given: reason.length > 0 }, 'signing key revoked');
    // A fresh next key, published ahead of the following rotation.
    await this.reconcile(meta).catch((err: unknown) =>
      this.logger.warn({ err: (err as Error).message }, 'reconcile after revocation failed; the scheduler retries'),
    );
    return this.viewOf(kid);
  }

  /** The read model's row of a key, as GET /admin/keys shows it. */
  private async viewOf(kid: string): Promise<SigningKeyView> {
    const row = await this.keys.find(kid);
    if (!row) throw SigningKeysErrors.notFound();
    return this.view(row);
  }

  async list(): Promise<SigningKeyView[]> {
    if (!this.managesKeys) {
      const kid = hmacKeyId(await this.secrets.jwtSecret());
      return [{ kid, alg: 'HS256', status: 'active', created_at: null, activated_at: null, expires_at: null }];
    }
    return (await this.keys.all()).map((k) => this.view(k));
  }

  /** Every key that is published (next, active, retiring), for the gateway's JWKS snapshot. */
  async publicKeys(): Promise<PublicSigningKeyView[]> {
    if (!this.managesKeys) return [];
    return (await this.keys.live()).map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, public_pem: k.public_pem, jwk: k.public_jwk }));
  }

  async activeSigningKey(): Promise<EncryptedSigningKey> {
    const active = await this.keys.activeMaterial();
    if (!active) throw SigningKeysErrors.noActiveKey();
    return active;
  }

  async hasActiveKey(): Promise<boolean> {
    return !this.managesKeys || (await this.keys.activeMaterial()) !== undefined;
  }

  private async step(meta?: RequestMeta): Promise<'busy' | { changes: KeyStatusChange[]; createNextKey: boolean }> {
    return this.unitOfWork.run(async (m, record) => {
      const job = await this.keys.lockJob(m, JOB, false);
      if (!job) return 'busy' as const;
      const now = this.clock.now();
      const live = await this.aggregates.live(m);
      const plan = nextKeyStatuses(live.map(toLifecycleRecord), now, this.policy(), { force: job.rotation_requested_at !== null });
      const byKid = new Map(live.map((k) => [k.kid, k]));
      // The one-active index is checked per statement: the old signer steps down before the new one steps up.
      const ordered = [...plan.changes].sort((a, b) => Number(a.event === 'activate') - Number(b.event === 'activate'));
      for (const change of ordered) {
        const key = byKid.get(change.kid);
        if (key) byKid.set(key.kid, await this.applyChange(m, key, change, now, meta ?? { actor: SCHEDULER }, false));
      }
      const activated = plan.changes.some((c) => c.event === 'activate');
      if (activated) await this.keys.updateJob(m, JOB, { rotationRequestedAt: null });
      await this.keys.updateJob(m, JOB, { lastRunAt: now });
      await this.remindIfDue(m, record, now, [...byKid.values()]);
      if (activated) await this.holdForFaultInjection();
      return { changes: plan.changes, createNextKey: plan.createNextKey };
    });
  }

  /** Records one planned status change of `key`; returns the key's state after it. */
  private async applyChange(
    m: EntityManager,
    key: SigningKeyAggregate,
    change: KeyStatusChange,
    now: Date,
    meta: RequestMeta,
    emergency: boolean,
  ): Promise<SigningKeyAggregate> {
    const subject = keySubject(key.kid);
    const actor = meta.actor.id === null && meta.actor.type === 'user' ? SCHEDULER : meta.actor;
    const events: EventEnvelope[] = [
      buildEvent(this.service, meta, {
        type: 'SigningKeyStatusChanged',
        actor,
        subject,
        data: {
          kid: key.kid,
          from: change.from as 'next' | 'active' | 'retiring',
          to: change.to as 'active' | 'retiring' | 'retired',
          ...(emergency ? { reason: 'emergency' } : {}),
        },
        occurredAt: now,
      }),
    ];
    if (change.event === 'activate') {
      events.push(
        buildEvent(this.service, meta, {
          type: 'SecretRotated',
          actor,
          subject,
          data: { what: 'signing_key', kid: key.kid, fingerprint: key.kid, ...(emergency ? { emergency: true } : {}) },
          occurredAt: now,
        }),
      );
    }
    return this.aggregates.append(m, key, events);
  }

  /** Generates and encrypts a key pair; slow (RSA), so it runs before any transaction opens. */
  private async prepareKey(): Promise<{ key: GeneratedSigningKey; encrypted: string; masterKeyId: string }> {
    const key = await generateSigningKey(this.alg);
    const masterKey = await this.secrets.masterKey();
    return { key, encrypted: encryptPrivateKey(key.privatePem, masterKey, key.kid), masterKeyId: masterKeyId(masterKey) };
  }

  /** Stores the material (keyed by the kid), then records SigningKeyCreated on a new stream. */
  private async insertKey(
    m: EntityManager,
    prepared: { key: GeneratedSigningKey; encrypted: string; masterKeyId: string },
    meta: RequestMeta | undefined,
    now: Date,
  ): Promise<SigningKeyAggregate> {
    await this.keys.saveMaterial(m, prepared.key, prepared.encrypted, prepared.masterKeyId);
    const kid = prepared.key.kid;
    return this.aggregates.append(m, emptySigningKey(kid), [
      buildEvent(this.service, meta, {
        type: 'SigningKeyCreated',
        actor: meta && meta.actor.id !== null ? meta.actor : SCHEDULER,
        subject: keySubject(kid),
        data: { kid, alg: prepared.key.alg, fingerprint: kid },
        occurredAt: now,
      }),
    ]);
  }

  /** Publishes a fresh next key unless one appeared meanwhile (another replica, a retry). */
  private async createNextKey(meta?: RequestMeta): Promise<string | undefined | 'busy'> {
    const prepared = await this.prepareKey();
    return this.unitOfWork.run(async (m) => {
      if (!(await this.keys.lockJob(m, JOB, false))) return 'busy' as const;
      if ((await this.aggregates.live(m)).some((k) => k.status === 'next')) return undefined;
      const row = await this.insertKey(m, prepared, meta, this.clock.now());
      this.logger.info({ kid: row.kid, alg: row.alg }, 'new signing key published (next)');
      return row.kid;
    });
  }

  /** RotationDue once per key and due date, a few days ahead: event, log line and (at the gateway) metric. */
  private async remindIfDue(m: EntityManager, record: RecordEvents, now: Date, keys: SigningKeyAggregate[]): Promise<void> {
    const active = keys.find((k) => k.status === 'active');
    if (!active?.activated_at) return;
    const dueAt = new Date(Date.parse(active.activated_at) + this.config.SIGNING_KEY_ROTATION_DAYS * DAY_MS);
    if (now.getTime() < dueAt.getTime() - this.config.ROTATION_REMINDER_DAYS * DAY_MS) return;
    if (!(await this.keys.claimReminder(m, 'signing_key', active.kid, dueAt))) return;
    await record([
      buildEvent(this.service, undefined, {
        type: 'RotationDue',
        actor: SCHEDULER,
        subject: keySubject(active.kid),
        data: { what: 'signing_key', id: active.kid, due_at: dueAt.toISOString() },
      }),
    ]);
    this.logger.warn({ what: 'signing_key', id: active.kid, due_at: dueAt.toISOString() }, 'signing key rotation due');
    platformMetrics.rotationsDue().inc({ what: 'signing_key' });
  }

  /** HS256 mode: the operator replaced JWT_SECRET_KEY in the provider; everyone re-reads it. */
  private async rotateHmacSecret(meta: RequestMeta): Promise<RotationOutcome> {
    this.secrets.refresh();
    const kid = hmacKeyId(await this.secrets.jwtSecret());
    await this.unitOfWork.run((_m, record) =>
      record([buildEvent(this.service, meta, { type: 'SecretRotated', subject: { type: 'jwt-secret', id: kid }, data: { what: 'jwt_secret', kid } })]),
    );
    return { status: 'rotated', active_kid: kid };
  }

  private async holdForFaultInjection(): Promise<void> {
    const holdMs = this.config.TR4CTION_FAULT_ROTATION_HOLD_MS;
    if (!holdMs || this.config.ENVIRONMENT === 'production') return;
    this.logger.warn({ hold_ms: holdMs }, 'fault injection: holding the rotation transaction open before commit');
    await new Promise((r) => setTimeout(r, holdMs));
  }

  private view(k: SigningKeyRow): SigningKeyView {
    const verifyMs = (this.accessTokenWindow.seconds(this.clock.now().getTime()) + CLOCK_TOLERANCE_SECONDS) * 1000;
    const rotatesAt = k.status === 'active' && k.activated_at ? new Date(k.activated_at.getTime() + this.config.SIGNING_KEY_ROTATION_DAYS * DAY_MS) : null;
    const expiresAt =
      k.status === 'active' && rotatesAt
        ? new Date(rotatesAt.getTime() + verifyMs)
        : k.status === 'retiring' && k.retiring_at
          ? new Date(k.retiring_at.getTime() + verifyMs)
          : k.status === 'retired'
            ? k.retired_at
            : k.status === 'revoked'
              ? k.revoked_at
              : null;
    return {
      kid: k.kid,
      alg: k.alg,
      status: k.status,
      created_at: k.created_at.toISOString(),
      activated_at: k.activated_at?.toISOString() ?? null,
      expires_at: expiresAt?.toISOString() ?? null,
      ...(rotatesAt ? { rotates_at: rotatesAt.toISOString() } : {}),
      ...(k.retiring_at ? { retiring_at: k.retiring_at.toISOString() } : {}),
      ...(k.revoked_at ? { revoked_at: k.revoked_at.toISOString() } : {}),
    };
  }
}

function keySubject(kid: string): { type: string; id: string } {
  return { type: 'signing-key', id: kid };
}
