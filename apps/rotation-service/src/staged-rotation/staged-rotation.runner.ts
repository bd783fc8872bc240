/**
 * Runs a staged rotation of one credential through its secret store, step by step:
 *   create  a new value, written to the store as pending (clients still read current)
 *   set     the pending value made valid where it is checked, beside the current one
 *   test    the pending value proven to work
 *   finish  the store makes it current (the old kept as previous); the target starts the overlap
 * Each step is one transaction holding the job row lock, and ends by recording
 * SecretRotationStepCompleted in the job's stream: a crash anywhere rolls back the record of the
 * step it was in, and the store calls are idempotent per version, so the next run repeats that
 * step and goes on. Only `create` draws a new version; a crash before its record leaves a pending
 * value nobody has used, which the next create replaces.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7, type Actor, type EventSubjectRef, type RequestMeta, type RotatedCredential, type StagedRotationStep } from '@tr4ction/contracts';
import { buildEvent, ServiceError, type RecordEvents, type UnitOfWork } from '@tr4ction/messaging';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import { CLOCK, LOGGER, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { isSecretsError, type StagedSecretStore } from '@tr4ction/secrets';
import { platformMetrics, type Logger } from '@tr4ction/telemetry';
import { projectRotationJobEvent, rotationJobStreamId } from './rotation-job.projector';
import { RotationJobsRepository, type RotationJobRow } from './rotation-jobs.repository';

export const ROTATION_SCHEDULER: Actor = { type: 'system', id: 'rotation-scheduler' };

/** One credential kept in a store, and how its holder accepts, checks and retires values. */
export interface StagedRotationTarget {
  what: RotatedCredential;
  subject: EventSubjectRef;
  store: StagedSecretStore;
  /** The name in the store (file name, secret id, parameter name). */
  name: string;
  generate(): string;
  /** Makes `value` valid beside the current one, in the step's transaction. */
  set(m: EntityManager, value: string): Promise<void>;
  /** Throws when `value` is not accepted. */
  test(value: string): Promise<void>;
  /** After the store made `version` current: starts the overlap and records SecretRotated, in the step's transaction. */
  finished(m: EntityManager, value: string, version: string, meta: RequestMeta | undefined): Promise<void>;
}

export type StagedRotationOutcome =
  { status: 'rotated'; version: string } | { status: 'idle' } | { status: 'busy' } | { status: 'failed'; step: StagedRotationStep; reason: string };

/** A step that cannot go on; `reason` is a code for events and logs, never material. */
export class StepRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const NEXT_STEP: Record<StagedRotationStep, StagedRotationStep> = { create: 'set', set: 'test', test: 'finish', finish: 'create' };

/**
 * An operator waits for the answer, so a step that failed for a passing reason (a connection that
 * timed out or was refused on a loaded server) is tried again at once, a few times, as the
 * scheduler's next pass would; anything else is the answer.
 */
const OPERATOR_RETRIES = 3;
/** Doubled after each try: 0.5, 1 and 2 s, well inside the operator's own deadline. */
const OPERATOR_RETRY_PAUSE_MS = 500;
/** A connection that timed out or broke (class 08), too many connections (53300), a server shutting down or starting (57P0x). */
const TRANSIENT_REASON = /^database_(unreachable|etimedout|econnreset|08|53300|57p0)/;

@Injectable()
export class StagedRotationRunner {
  constructor(
    private readonly jobs: RotationJobsRepository,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ConfigOf<typeof rotationServiceSchema>, 'ENVIRONMENT' | 'TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP'>,
  ) {}

  /**
   * Resumes a rotation under way to its end; with `start`, begins one when none is. `busy` when
   * another replica holds the job now, unless `wait`: an operator's request waits for the pass
   * holding it (a scheduler pass that only looked holds it for a moment) instead of failing.
   */
  async run(target: StagedRotationTarget, options: { start: boolean; wait?: boolean; meta?: RequestMeta }): Promise<StagedRotationOutcome> {
    let startAllowed = options.start;
    let retries = options.wait ? OPERATOR_RETRIES : 0;
    for (;;) {
      let attempted: StagedRotationStep | undefined;
      let outcome: StagedRotationOutcome | 'continue';
      try {
        outcome = await this.unitOfWork.run(async (m, record) => {
          const job = await this.jobs.lock(m, target.what, target.subject.id, this.clock.now(), options.wait);
          if (!job) return { status: 'busy' } as const;
          const step = NEXT_STEP[job.step];
          if (step === 'create' && !startAllowed) return { status: 'idle' } as const;
          attempted = step;
          const version = await this.perform(m, record, target, job, step, options.meta);
          return step === 'finish' ? ({ status: 'rotated', version } as const) : 'continue';
        });
      } catch (error: unknown) {
        const step = attempted ?? 'create';
        if (retries > 0 && isTransient(error)) {
          retries -= 1;
          this.logger.warn(
            { what: target.what, id: target.subject.id, step, reason: failureCode(error) },
            'staged rotation step failed for a passing reason; trying it again',
          );
          await new Promise((resolve) => setTimeout(resolve, OPERATOR_RETRY_PAUSE_MS * 2 ** (OPERATOR_RETRIES - retries - 1)));
          continue;
        }
        return this.failed(target, step, error, options.meta);
      }
      if (attempted !== undefined) this.crashForFaultInjection(attempted);
      if (outcome !== 'continue') return outcome;
      // One rotation per call: once begun, later passes only resume.
      startAllowed = false;
    }
  }

  private async perform(
    m: EntityManager,
    record: RecordEvents,
    target: StagedRotationTarget,
    job: RotationJobRow,
    step: StagedRotationStep,
    meta: RequestMeta | undefined,
  ): Promise<string> {
    let version = job.version_id ?? '';
    switch (step) {
      case 'create':
        version = uuidv7();
        await target.store.createPending(target.name, version, target.generate());
        break;
      case 'set':
        // The pending version went away after create (deleted by hand, or a store that dropped its marker): nothing
        // has been set from it, so it is staged again under the same version instead of failing every pass from now on.
        if (!(await target.store.pending(target.name))) await target.store.createPending(target.name, version, target.generate());
        await target.set(m, await this.pendingValue(target, version));
        break;
      case 'test':
        await target.test(await this.pendingValue(target, version));
        break;
      case 'finish': {
        // Read before the store moves it: afterwards the value is current, no longer pending.
        const value =
          (await target.store.pending(target.name))?.versionId === version
            ? await this.pendingValue(target, version)
            : await this.currentValue(target, version);
        await target.store.finish(target.name, version);
        await target.finished(m, value, version, meta);
        break;
      }
    }
    const completed = buildEvent(this.service, meta, {
      type: 'SecretRotationStepCompleted',
      actor: meta?.actor ?? ROTATION_SCHEDULER,
      subject: target.subject,
      data: { what: target.what, id: target.subject.id, version, step },
      occurredAt: this.clock.now(),
    });
    const streamVersion = await record.toStream(rotationJobStreamId(target.what, target.subject.id), job.stream_version, [completed]);
    // The job row is the projection of this stream: written from the event, as replay writes it.
    await projectRotationJobEvent(m, completed, streamVersion);
    return version;
  }

  /** Tests only: dies like a killed process right after a step committed, to prove the next process resumes. */
  private crashForFaultInjection(step: StagedRotationStep): void {
    if (this.config.TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP !== step || this.config.ENVIRONMENT === 'production') return;
    this.logger.warn({ step }, 'fault injection: killing rotation-service after a committed rotation step');
    process.kill(process.pid, 'SIGKILL');
  }

  private async pendingValue(target: StagedRotationTarget, version: string): Promise<string> {
    const pending = await target.store.pending(target.name);
    // Someone else staged a value (or removed ours): nothing set or tested is known to match it.
    if (!pending || pending.versionId !== version) throw new StepRefused('pending_version_missing');
    return pending.value;
  }

  /** A finish repeated after the store already moved the version (crash before the record). */
  private async currentValue(target: StagedRotationTarget, version: string): Promise<string> {
    const current = await target.store.current(target.name);
    if (!current || current.versionId !== version) throw new StepRefused('pending_version_missing');
    return current.value;
  }

  private async failed(target: StagedRotationTarget, step: StagedRotationStep, error: unknown, meta: RequestMeta | undefined): Promise<StagedRotationOutcome> {
    const reason = failureCode(error);
    const fresh = await this.jobs.noteFailure(target.what, target.subject.id, `${step}:${reason}`, this.clock.now()).catch(() => true);
    if (fresh) {
      // Said once per distinct failure: the scheduler retries every pass and must not flood the audit trail.
      await this.unitOfWork
        .run((_m, record) =>
          record([
            buildEvent(this.service, meta, {
              type: 'SecretRotationFailed',
              actor: meta?.actor ?? ROTATION_SCHEDULER,
              subject: target.subject,
              data: { what: target.what, id: target.subject.id, step, reason },
              occurredAt: this.clock.now(),
            }),
          ]),
        )
        .catch((err: unknown) => this.logger.warn({ err_name: (err as Error).name }, 'could not record SecretRotationFailed'));
    }
    platformMetrics.rotationFailures().inc({ what: target.what, step });
    this.logger.error(
      { what: target.what, id: target.subject.id, step, reason, store: target.store.provider, name: target.name },
      'staged rotation step failed; the next pass resumes it',
    );
    return { status: 'failed', step, reason };
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof StepRefused && TRANSIENT_REASON.test(error.reason);
}

/** A code, never a message: store and driver messages can quote what they were handling. */
function failureCode(error: unknown): string {
  if (error instanceof StepRefused) return error.reason;
  if (isSecretsError(error)) return error.code;
  if (error instanceof ServiceError) return error.code;
  const name = (error as { name?: unknown })?.name;
  return typeof name === 'string' && /^[A-Za-z]{1,64}$/.test(name) ? name : 'unexpected';
}
