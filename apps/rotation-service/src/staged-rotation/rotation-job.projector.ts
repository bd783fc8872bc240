/**
 * Applies SecretRotationStepCompleted from a `rotation-job-<what>-<id>` stream to rotation_jobs_v1,
 * inline in the step's transaction and during replay (`into` another table of its shape: how a
 * test compares a rebuild with the live one). A step clears the failure the retry loop noted.
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';

export const ROTATION_JOBS_PROJECTION = 'rotation.rotation_jobs_v1';
export const ROTATION_JOB_STREAM_PREFIX = 'rotation-job-';

export function rotationJobStreamId(what: string, subjectId: string): string {
  return `${ROTATION_JOB_STREAM_PREFIX}${what}-${subjectId}`;
}

export async function projectRotationJobEvent(m: EntityManager, e: EventEnvelope, version: number, into = ROTATION_JOBS_PROJECTION): Promise<void> {
  if (e.type !== 'SecretRotationStepCompleted') return;
  const d = e.data as EventEnvelope<'SecretRotationStepCompleted'>['data'];
  await m.query(
    `INSERT INTO ${into} (what, subject_id, step, version_id, stream_version, updated_at, last_failure) VALUES ($1, $2, $3, $4, $5, $6, NULL)
     ON CONFLICT (what, subject_id) DO UPDATE SET step = EXCLUDED.step, version_id = EXCLUDED.version_id, stream_version = EXCLUDED.stream_version,
       updated_at = EXCLUDED.updated_at, last_failure = NULL`,
    [d.what, d.id, d.step, d.version, version, e.occurred_at],
  );
}
