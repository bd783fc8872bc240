/**
 * Service accounts (API keys for machines): a client_id and a secret of 32 random bytes, shown
 * once and stored only as a SHA-256 hash. Rotation keeps the previous secret working for a grace
 * window so clients can roll over without an outage. A rotation is due every
 * SERVICE_ACCOUNT_ROTATION_DAYS. An account created with a `secret_ref` has its secret written to
 * that store, where its client reads it, and the scheduler rotates it there by itself (staged,
 * ServiceAccountSecretRotation). For an account without one only an operator can hand the new
 * secret over, so the scheduler reminds (RotationDue, log line, metric) instead: an unattended
 * rotation would lock its client out when the grace window ends.
 *
 * Commands decide on the account aggregate folded from its stream (ServiceAccountAggregates), never
 * on the service_accounts_v1 read model, and append at the version they loaded.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import { isGrantableScope, uuidv7, type RequestMeta, type SecretRef } from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { CLOCK, LOGGER, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { isStagedStoreProvider, type StagedSecretStores } from '@tr4ction/secrets';
import { platformMetrics, type Logger } from '@tr4ction/telemetry';
import { generateOpaqueToken, hashOpaqueToken, safeEqualHex } from '@tr4ction/tokens';
import { STAGED_STORES } from '../rotation.tokens';
import { accountExists, emptyServiceAccount } from './service-account.aggregate';
import { ServiceAccountAggregates } from './service-account-aggregates';
import { ServiceAccountsErrors } from './service-accounts.errors';
import { ServiceAccountsRepository } from './service-accounts.repository';
import type {
  CreatedServiceAccount,
  CreateServiceAccountRequest,
  RotatedServiceAccountSecret,
  ServiceAccountRow,
  ServiceAccountView,
  VerifiedClient,
  VerifyClientRequest,
} from './service-accounts.types';

const SCHEDULER = { type: 'system' as const, id: 'rotation-scheduler' };
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Store names: an AWS secret id or parameter path; a file name in SECRETS_FILE_DIR, as the file provider reads them.
const SECRET_REF_NAME = /^\/?[A-Za-z][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.-]+)*$/;
const SECRET_FILE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
// Compared against when the client is unknown, so a miss costs what a hit costs.
const DUMMY_HASH = hashOpaqueToken('unknown-client');

@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly aggregates: ServiceAccountAggregates,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof rotationServiceSchema>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STAGED_STORES) private readonly stores: StagedSecretStores,
  ) {}

  async create(req: CreateServiceAccountRequest, meta: RequestMeta): Promise<CreatedServiceAccount> {
    const id = uuidv7();
    const clientId = `sa-${randomBytes(12).toString('hex')}`;
    const secret = generateOpaqueToken('client_secret');
    const now = this.clock.now();
    const expiresAt = req.expires_in_days ? new Date(now.getTime() + req.expires_in_days * DAY_MS) : null;
    // The gateway validated the body, but no handler trusts a message for where it came from.
    if (!Array.isArray(req.scopes) || !req.scopes.every(isGrantableScope)) throw ServiceAccountsErrors.unknownScope();
    const scopes = [...new Set(req.scopes)].sort();
    const secretRef = req.secret_ref === undefined ? undefined : checkedSecretRef(req.secret_ref);
    // Written before the account exists: a store that refuses the write leaves no account behind
    // whose client could never read its secret.
    if (secretRef) await this.writeInitialSecret(secretRef, id, secret);
    await this.unitOfWork.run(async (m) => {
      await this.aggregates.append(m, emptyServiceAccount(id), [
        buildEvent(this.service, meta, {
          type: 'ServiceAccountCreated',
          subject: accountSubject(id),
          data: { name: req.name, client_id: clientId, scopes, expires_at: expiresAt?.toISOString() ?? null, ...(secretRef ? { secret_ref: secretRef } : {}) },
          occurredAt: now,
        }),
      ]);
      await this.accounts.addSecret(m, id, hashOpaqueToken(secret), now);
    });
    const row = await this.accounts.find(id);
    if (!row) throw ServiceAccountsErrors.notFound();
    return { ...this.view(row), client_secret: secret };
  }

  async list(): Promise<ServiceAccountView[]> {
    return (await this.accounts.all()).map((r) => this.view(r));
  }

  async rotate(id: string, meta: RequestMeta): Promise<RotatedServiceAccountSecret> {
    const secret = generateOpaqueToken('client_secret');
    const now = this.clock.now();
    const graceUntil = new Date(now.getTime() + this.config.SERVICE_ACCOUNT_GRACE_HOURS * HOUR_MS);
    await this.unitOfWork.run(async (m) => {
      // The stream lock serialises two rotations of one account: each demotes exactly one secret.
      const account = await this.aggregates.loadForUpdate(m, id);
      if (!accountExists(account)) throw ServiceAccountsErrors.notFound();
      if (account.status !== 'active') throw ServiceAccountsErrors.revoked();
      if (account.secret_ref) throw ServiceAccountsErrors.secretInStore();
      await this.accounts.demoteSecrets(m, id, now, graceUntil);
      await this.accounts.addSecret(m, id, hashOpaqueToken(secret), now);
      await this.aggregates.append(m, account, [
        buildEvent(this.service, meta, {
          type: 'SecretRotated',
          subject: accountSubject(id),
          data: { what: 'service_account_secret', previous_valid_until: graceUntil.toISOString() },
          occurredAt: now,
        }),
      ]);
    });
    return { client_secret: secret, previous_valid_until: graceUntil.toISOString() };
  }

  async revoke(id: string, reason: string | undefined, meta: RequestMeta): Promise<ServiceAccountView> {
    const now = this.clock.now();
    await this.unitOfWork.run(async (m) => {
      const account = await this.aggregates.loadForUpdate(m, id);
      if (!accountExists(account)) throw ServiceAccountsErrors.notFound();
      if (account.status === 'revoked') return;
      await this.accounts.expireSecrets(m, id, now);
      await this.aggregates.append(m, account, [
        buildEvent(this.service, meta, {
          type: 'ServiceAccountRevoked',
          subject: accountSubject(id),
          data: { client_id: account.client_id, ...(reason ? { reason } : {}) },
          occurredAt: now,
        }),
      ]);
    });
    const row = await this.accounts.find(id);
    if (!row) throw ServiceAccountsErrors.notFound();
    return this.view(row);
  }

  /** The client_credentials check. Every failure looks the same from outside. */
  async verify(req: VerifyClientRequest): Promise<VerifiedClient> {
    const presented = typeof req.secret_hash === 'string' && SHA256_HEX.test(req.secret_hash) ? req.secret_hash : DUMMY_HASH;
    const account = typeof req.client_id === 'string' && req.client_id.length <= 64 ? await this.accounts.findByClientId(req.client_id) : undefined;
    const now = this.clock.now();
    const hashes = account ? await this.accounts.validSecretHashes(account.id, now) : [DUMMY_HASH];
    // Every candidate is compared, so timing says nothing about which one (if any) matched.
    const matched = hashes.map((h) => safeEqualHex(h, presented)).some(Boolean);
    const usable = account !== undefined && account.status === 'active' && (account.expires_at === null || account.expires_at.getTime() > now.getTime());
    if (!matched || !usable || presented === DUMMY_HASH) throw ServiceAccountsErrors.invalidClient();
    return { id: account.id, client_id: account.client_id, name: account.name, scopes: account.scopes };
  }

  /** Reminds once per account and due date: RotationDue event, log line, and the gateway's metric. */
  async remindDue(): Promise<number> {
    const now = this.clock.now();
    let reminded = 0;
    for (const account of await this.accounts.activeWithoutStore()) {
      const dueAt = this.rotationDueAt(account.secret_rotated_at);
      if (now.getTime() < dueAt.getTime() - this.config.ROTATION_REMINDER_DAYS * DAY_MS) continue;
      const claimed = await this.unitOfWork.run(async (m, record) => {
        if (!(await this.accounts.claimReminder('service_account_secret', account.id, dueAt, m))) return false;
        await record([
          buildEvent(this.service, undefined, {
            type: 'RotationDue',
            actor: SCHEDULER,
            subject: accountSubject(account.id),
            data: { what: 'service_account_secret', id: account.id, due_at: dueAt.toISOString() },
          }),
        ]);
        return true;
      });
      if (claimed) {
        reminded += 1;
        platformMetrics.rotationsDue().inc({ what: 'service_account_secret' });
        this.logger.warn(
          { what: 'service_account_secret', id: account.id, client_id: account.client_id, due_at: dueAt.toISOString() },
          'service account secret rotation due',
        );
      }
    }
    return reminded;
  }

  /**
   * The last step of a staged rotation, in its transaction: the store now holds `newHash`'s secret
   * as current, so every other secret gets the overlap (SERVICE_ACCOUNT_GRACE_HOURS) and then stops.
   */
  async completeStagedRotation(m: EntityManager, id: string, newHash: string, version: string, meta: RequestMeta | undefined): Promise<void> {
    const now = this.clock.now();
    const graceUntil = new Date(now.getTime() + this.config.SERVICE_ACCOUNT_GRACE_HOURS * HOUR_MS);
    const account = await this.aggregates.loadForUpdate(m, id);
    if (!accountExists(account)) throw ServiceAccountsErrors.notFound();
    await this.accounts.retireAllBut(m, id, newHash, graceUntil);
    await this.aggregates.append(m, account, [
      buildEvent(this.service, meta, {
        type: 'SecretRotated',
        actor: meta?.actor ?? SCHEDULER,
        subject: accountSubject(id),
        data: { what: 'service_account_secret', version, previous_valid_until: graceUntil.toISOString() },
        occurredAt: now,
      }),
    ]);
  }

  /** When the secret last rotated at `secretRotatedAt` is due again (a read model row's Date or an aggregate's ISO time). */
  rotationDueAt(secretRotatedAt: Date | string): Date {
    return new Date(new Date(secretRotatedAt).getTime() + this.config.SERVICE_ACCOUNT_ROTATION_DAYS * DAY_MS);
  }

  private view(r: ServiceAccountRow): ServiceAccountView {
    const now = this.clock.now().getTime();
    const expired = r.status === 'active' && r.expires_at !== null && r.expires_at.getTime() <= now;
    const previous = r.previous_valid_until && r.previous_valid_until.getTime() > now ? r.previous_valid_until.toISOString() : null;
    return {
      id: r.id,
      client_id: r.client_id,
      name: r.name,
      scopes: r.scopes,
      status: expired ? 'expired' : r.status,
      created_at: r.created_at.toISOString(),
      expires_at: r.expires_at?.toISOString() ?? null,
      secret_rotated_at: r.secret_rotated_at.toISOString(),
      rotation_due_at: this.rotationDueAt(r.secret_rotated_at).toISOString(),
      previous_valid_until: r.status === 'revoked' ? null : previous,
      revoked_at: r.revoked_at?.toISOString() ?? null,
      secret_ref: r.secret_ref,
    };
  }

  /** The first secret goes straight to current: the account does not exist yet, so nobody reads the old one. */
  private async writeInitialSecret(ref: SecretRef, accountId: string, secret: string): Promise<void> {
    const store = this.stores.get(ref.provider);
    const version = uuidv7();
    try {
      await store.createPending(ref.name, version, secret);
      await store.finish(ref.name, version);
    } catch (error: unknown) {
      this.logger.warn(
        { account_id: accountId, store: ref.provider, name: ref.name, err_name: (error as Error).name, code: (error as { code?: string }).code },
        'could not write a service account secret to its store',
      );
      throw ServiceAccountsErrors.storeRefused();
    }
  }
}

/** The gateway checked the body; the service checks again (a message is not trusted for its origin). */
function checkedSecretRef(ref: SecretRef): SecretRef {
  const valid =
    typeof ref === 'object' &&
    ref !== null &&
    isStagedStoreProvider(ref.provider) &&
    typeof ref.name === 'string' &&
    (ref.provider === 'file' ? SECRET_FILE_NAME.test(ref.name) : SECRET_REF_NAME.test(ref.name) && !ref.name.split('/').includes('..'));
  if (!valid) throw ServiceAccountsErrors.badSecretRef();
  return { provider: ref.provider, name: ref.name };
}

function accountSubject(id: string): { type: string; id: string } {
  return { type: 'service-account', id };
}
