import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { RotatedCredential, StagedRotationStep } from '@tr4ction/contracts';
import { DATA_SOURCE } from '@tr4ction/platform';

export interface RotationJobRow {
  what: RotatedCredential;
  subject_id: string;
  /** The last completed step; `finish` means no rotation is under way. */
  step: StagedRotationStep;
  version_id: string | null;
  stream_version: number;
  updated_at: Date;
  last_failure: string | null;
}

/** The job rows of staged rotations: projection of the job streams, and the lock one replica takes. */
@Injectable()
export class RotationJobsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /**
   * Locks the job row (creating it idle on first use) for the transaction, or answers undefined
   * when another replica holds it: that replica is already running the step.
   */
  /** The job's row, locked; undefined when another pass holds it and `wait` is false. */
  async lock(m: EntityManager, what: RotatedCredential, subjectId: string, now: Date, wait = false): Promise<RotationJobRow | undefined> {
    await m.query(
      `INSERT INTO rotation.rotation_jobs_v1 (what, subject_id, step, stream_version, updated_at) VALUES ($1, $2, 'finish', 0, $3) ON CONFLICT DO NOTHING`,
      [what, subjectId, now],
    );
    const rows: RotationJobRow[] = await m.query(
      `SELECT * FROM rotation.rotation_jobs_v1 WHERE what = $1 AND subject_id = $2 FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`,
      [what, subjectId],
    );
    return rows[0];
  }

  /**
   * Records the failure code; true when it differs from the last one (so a retry loop reports once).
   * Upserts: a failed first step rolled back the row its lock created.
   */
  async noteFailure(what: RotatedCredential, subjectId: string, failure: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO rotation.rotation_jobs_v1 (what, subject_id, step, stream_version, updated_at, last_failure) VALUES ($1, $2, 'finish', 0, $4, $3)
       ON CONFLICT (what, subject_id) DO UPDATE SET last_failure = EXCLUDED.last_failure
       WHERE rotation.rotation_jobs_v1.last_failure IS DISTINCT FROM EXCLUDED.last_failure
       RETURNING subject_id`,
      [what, subjectId, failure, now],
    );
    return rows.length > 0;
  }

  async all(what?: RotatedCredential): Promise<RotationJobRow[]> {
    return this.dataSource.query(`SELECT * FROM rotation.rotation_jobs_v1 WHERE ($1::text IS NULL OR what = $1) ORDER BY what, subject_id`, [what ?? null]);
  }
}
