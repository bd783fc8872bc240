/**
 * What every scheduled store rotation (checkpoint key, master key, JWT secret, database passwords)
 * decides the same way: when a rotation is due, the SecretRotated its finish step records, and
 * the one log line saying a credential is not in a store this service can write.
 */
import type { EntityManager } from 'typeorm';
import type { EventDataMap, EventSubjectRef, RequestMeta, RotatedCredential } from '@tr4ction/contracts';
import { buildEvent, type EventRecorder } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { RotationJobRow } from './rotation-jobs.repository';
import { ROTATION_SCHEDULER } from './staged-rotation.runner';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** When a credential next rotates: `days` after its job last changed (the last rotation, or the first pass that saw it). */
export function rotationDueAt(lastChange: Date, days: number): Date {
  return new Date(lastChange.getTime() + days * DAY_MS);
}

/** A new rotation may start: the job is between rotations (its last step was finish) and the period has passed since. */
export function isDue(job: RotationJobRow | undefined, days: number, now: Date): boolean {
  return job !== undefined && job.step === 'finish' && now.getTime() >= rotationDueAt(job.updated_at, days).getTime();
}

export interface SecretRotatedInput {
  service: string;
  meta: RequestMeta | undefined;
  subject: EventSubjectRef;
  data: EventDataMap['SecretRotated'];
  occurredAt: Date;
}

/**
 * Records SecretRotated in the finish step's transaction. Publish only: the job's stream holds the
 * steps, the credential has no aggregate here. The scheduler is the actor unless an operator asked.
 */
export async function publishSecretRotated(recorder: EventRecorder, m: EntityManager, rotated: SecretRotatedInput): Promise<void> {
  await recorder.publishOnly(m, [
    buildEvent(rotated.service, rotated.meta, {
      type: 'SecretRotated',
      actor: rotated.meta?.actor ?? ROTATION_SCHEDULER,
      subject: rotated.subject,
      data: rotated.data,
      occurredAt: rotated.occurredAt,
    }),
  ]);
}

/**
 * Why a credential is not rotated here (kept where this service cannot write it, or absent), said
 * once per process: the scheduler asks again every few seconds.
 */
export class SkippedRotationNotice {
  private logged = false;

  constructor(
    private readonly what: RotatedCredential,
    private readonly level: 'info' | 'warn' = 'warn',
  ) {}

  /**
   * Logs `message` the first time; `quiet` (an operator's request, answered with an error instead)
   * only marks it said. Returns undefined: no target to rotate.
   */
  skip(logger: Logger, provider: string, message: string, quiet = false): undefined {
    if (!quiet && !this.logged) logger[this.level]({ provider, what: this.what }, message);
    this.logged = true;
    return undefined;
  }
}
