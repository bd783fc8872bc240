/**
 * Rotation of each service's own database password (DATABASE_PASSWORD_<IDENTITY>, kept in a file
 * or AWS store; audit-service's writer login as DATABASE_PASSWORD_AUDIT_WRITER), every
 * DATABASE_PASSWORD_ROTATION_DAYS (30) or now by an operator
 * (`tr4ction secrets rotate db-password <service>`), in the four staged steps:
 *   create  a new random password, written to the store as pending
 *   set     rotation-service logs in as the service's role with the current password and changes
 *           the role's own password (no CREATEROLE); a repeated set finds the role already on the
 *           pending password and does nothing
 *   test    a fresh connection with the pending password
 *   finish  the store makes it current; SecretRotated {what: db_password, version}
 * Postgres keeps one password per role, so from `set` on the old one is refused for new
 * connections: the services' pools re-read the store on 28P01 and retry with the pending or new
 * current value (RotatingPassword), so no query fails; open connections are not affected.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import type { CredentialStatus, RequestMeta } from '@tr4ction/contracts';
import { ServiceError, type EventRecorder } from '@tr4ction/messaging';
import { ROTATED_DATABASE_LOGINS } from '@tr4ction/persistence';
import { CLOCK, EVENT_RECORDER, LOGGER, SERVICE_CONFIG, SERVICE_NAME, type Clock, type SigningSecrets } from '@tr4ction/platform';
import { databasePasswordKey, isStagedStoreProvider, type StagedSecretStores } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { SIGNING_SECRETS, STAGED_STORES } from '../rotation.tokens';
import { RotationJobsRepository, type RotationJobRow } from '../staged-rotation/rotation-jobs.repository';
import { isDue, publishSecretRotated, rotationDueAt, SkippedRotationNotice } from '../staged-rotation/scheduled-rotation';
import { StagedRotationRunner, StepRefused, type StagedRotationOutcome, type StagedRotationTarget } from '../staged-rotation/staged-rotation.runner';
import { asLogin, changeOwnPassword, isPasswordRefused, type DatabaseLoginTarget } from './database-login.client';

const WHAT = 'db_password' as const;
const SUBJECT_TYPE = 'database-login';
const PASSWORD_BYTES = 32;

@Injectable()
export class DatabasePasswordRotation {
  private readonly unwritable = new SkippedRotationNotice(WHAT, 'info');

  constructor(
    private readonly jobs: RotationJobsRepository,
    private readonly runner: StagedRotationRunner,
    @Inject(STAGED_STORES) private readonly stores: StagedSecretStores,
    @Inject(SIGNING_SECRETS) private readonly secrets: Pick<SigningSecrets, 'providerName'>,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ConfigOf<typeof rotationServiceSchema>, 'DATABASE_URL' | 'DATABASE_PASSWORD_ROTATION_DAYS'>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /**
   * One scheduler pass over every service's login kept in the store. The job row's last change is
   * when the password last rotated; the first pass creates it, so a login's first unattended
   * rotation comes one period after the engine first sees it. One failing login does not stop the others.
   */
  async rotateDue(): Promise<Record<string, StagedRotationOutcome>> {
    const jobs = await this.jobsByRole();
    const outcomes: Record<string, StagedRotationOutcome> = {};
    for (const { owner: service, role } of ROTATED_DATABASE_LOGINS) {
      const job = jobs.get(role);
      const idle = job !== undefined && job.step === 'finish';
      const due = isDue(job, this.config.DATABASE_PASSWORD_ROTATION_DAYS, this.clock.now());
      // Nothing to start or resume: no store read (an AWS store bills each one, every pass, per login).
      if (idle && !due) {
        outcomes[service] = { status: 'idle' };
        continue;
      }
      const target = await this.target(service, role).catch(() => undefined);
      if (!target) continue;
      outcomes[service] = await this.runner.run(target, { start: due });
    }
    return outcomes;
  }

  /** An operator's rotation of one service's password now, through the same four steps. */
  async rotateNow(service: string, meta: RequestMeta): Promise<StagedRotationOutcome> {
    const role = ROTATED_DATABASE_LOGINS.find((r) => r.owner === service)?.role;
    if (!role) throw new ServiceError('VALIDATION_FAILED', `id must name a database login: ${ROTATED_DATABASE_LOGINS.map((r) => r.owner).join(', ')}`);
    const target = await this.target(service, role);
    if (!target)
      throw new ServiceError(
        'CONFLICT',
        `${databasePasswordKey(service)} is not kept in a file or AWS secrets store (SECRETS_PROVIDER): the password in DATABASE_URL cannot be rotated here (docs/deploy.md)`,
      );
    return this.runner.run(target, { start: true, wait: true, meta });
  }

  /** One `tr4ction secrets status` row per service login; never reads more than whether the store holds it. */
  async status(): Promise<CredentialStatus[]> {
    const jobs = await this.jobsByRole();
    const provider = this.secrets.providerName;
    const rows: CredentialStatus[] = [];
    for (const { owner: service, role } of ROTATED_DATABASE_LOGINS) {
      const target = await this.target(service, role).catch(() => undefined);
      const job = jobs.get(role);
      rows.push({
        credential: WHAT,
        id: service,
        store: target ? provider : 'database_url',
        name: target?.name ?? null,
        last_rotated_at: job?.version_id ? job.updated_at.toISOString() : null,
        next_rotation_at: target && job ? this.dueAt(job).toISOString() : null,
        last_result: target ? resultOf(job) : 'manual',
      });
    }
    return rows;
  }

  private dueAt(job: RotationJobRow): Date {
    return rotationDueAt(job.updated_at, this.config.DATABASE_PASSWORD_ROTATION_DAYS);
  }

  private async jobsByRole(): Promise<Map<string, RotationJobRow>> {
    return new Map((await this.jobs.all(WHAT)).map((j) => [j.subject_id, j]));
  }

  /** Undefined when the login's password is not in a writable store (then DATABASE_URL carries it). */
  private async target(service: string, role: string): Promise<StagedRotationTarget | undefined> {
    const provider = this.secrets.providerName;
    if (!isStagedStoreProvider(provider))
      return this.unwritable.skip(this.logger, provider, 'database passwords are not in a writable secrets store: not rotated here');
    const store = this.stores.get(provider);
    const name = await this.stores.nameOf(provider, databasePasswordKey(service));
    if (!(await store.current(name))) return undefined;
    const login: DatabaseLoginTarget = { serverUrl: this.config.DATABASE_URL, login: role };
    const currentPassword = async () => {
      const value = (await store.current(name))?.value.trim();
      if (!value) throw new StepRefused('current_password_missing');
      return value;
    };
    return {
      what: WHAT,
      subject: { type: SUBJECT_TYPE, id: role },
      store,
      name,
      generate: () => randomBytes(PASSWORD_BYTES).toString('base64url'),
      set: async (_m, value) => {
        try {
          await changeOwnPassword(login, await currentPassword(), value);
        } catch (err) {
          // A set repeated after a crash: the role already has the pending password.
          if (!isPasswordRefused(err)) throw err;
          await asLogin(login, value, async () => undefined);
        }
      },
      test: async (value) => {
        await asLogin(login, value, async (client) => {
          await client.query('SELECT 1');
        });
      },
      finished: async (m, _value, version, meta) => {
        await publishSecretRotated(this.recorder, m, {
          service: this.service,
          meta,
          subject: { type: SUBJECT_TYPE, id: role },
          data: { what: WHAT, version },
          occurredAt: this.clock.now(),
        });
      },
    };
  }
}

function resultOf(job: RotationJobRow | undefined): string {
  if (!job) return 'ok';
  if (job.last_failure) return `failed:${job.last_failure}`;
  return job.step === 'finish' ? 'ok' : 'in_progress';
}
