/**
 * `main.js replay`: rebuilds every projection of rotation-service from its event store, in one
 * transaction so readers never see a table half-built:
 *   signing_keys_v1      from the `signing-key-<kid>` streams (public halves from signing_key_material)
 *   service_accounts_v1  from the `service-account-<id>` streams
 *   rotation_jobs_v1     from the `rotation-job-<what>-<id>` streams
 * State tables are not projections and are left alone: key material, secret hashes, reminders,
 * scheduler job rows. In rotation_jobs_v1 two things are operational, not events, and survive a
 * live replay: a job row no step has completed yet (stream_version 0: the lock row a first pass
 * creates, whose time starts the JWT secret's schedule) and `last_failure` (the retry loop's note
 * that makes it report a failure once; SecretRotationFailed is published, not kept in the stream).
 *
 * `into` rebuilds other tables of the same shapes instead, from empty, and leaves the live ones
 * alone: how a test compares a from-scratch rebuild with the live projections.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { EventStore, type StoredEvent } from '@tr4ction/persistence';
import { ROTATION_SERVICE_SCHEMA } from './migrations';
import { SERVICE_ACCOUNT_STREAM_PREFIX } from './service-accounts/service-account.aggregate';
import { projectServiceAccountEvent, SERVICE_ACCOUNTS_PROJECTION } from './service-accounts/service-account.projector';
import { SIGNING_KEY_STREAM_PREFIX } from './signing-keys/signing-key.aggregate';
import { projectSigningKeyEvent, SIGNING_KEYS_PROJECTION } from './signing-keys/signing-key.projector';
import { projectRotationJobEvent, ROTATION_JOB_STREAM_PREFIX, ROTATION_JOBS_PROJECTION } from './staged-rotation/rotation-job.projector';

export interface RotationProjections {
  signingKeys: string;
  serviceAccounts: string;
  rotationJobs: string;
}

export const LIVE_PROJECTIONS: RotationProjections = {
  signingKeys: SIGNING_KEYS_PROJECTION,
  serviceAccounts: SERVICE_ACCOUNTS_PROJECTION,
  rotationJobs: ROTATION_JOBS_PROJECTION,
};

export interface ReplayCounts {
  signing_keys: number;
  service_accounts: number;
  rotation_jobs: number;
  /** Events of other streams (none today): read and skipped. */
  skipped: number;
}

const QUALIFIED_TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/** Which projection an event's stream feeds, by the stream's name. */
function projectorOf(
  stored: StoredEvent,
): { key: keyof RotationProjections; count: keyof ReplayCounts; project: (m: EntityManager, s: StoredEvent, into: string) => Promise<void> } | undefined {
  if (stored.streamId.startsWith(SIGNING_KEY_STREAM_PREFIX))
    return { key: 'signingKeys', count: 'signing_keys', project: (m, s, into) => projectSigningKeyEvent(m, s.envelope, s.version, into) };
  if (stored.streamId.startsWith(SERVICE_ACCOUNT_STREAM_PREFIX))
    return { key: 'serviceAccounts', count: 'service_accounts', project: (m, s, into) => projectServiceAccountEvent(m, s.envelope, s.version, into) };
  if (stored.streamId.startsWith(ROTATION_JOB_STREAM_PREFIX))
    return { key: 'rotationJobs', count: 'rotation_jobs', project: (m, s, into) => projectRotationJobEvent(m, s.envelope, s.version, into) };
  return undefined;
}

export async function replayRotation(dataSource: DataSource, { into = LIVE_PROJECTIONS }: { into?: RotationProjections } = {}): Promise<ReplayCounts> {
  for (const table of Object.values(into)) {
    if (!QUALIFIED_TABLE.test(table)) throw new Error(`replay target must be a schema-qualified table name, not ${JSON.stringify(table)}`);
  }
  const store = new EventStore(ROTATION_SERVICE_SCHEMA);
  return dataSource.transaction(async (m) => {
    for (const table of Object.values(into)) await m.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    const liveJobs = into.rotationJobs === ROTATION_JOBS_PROJECTION;
    // Read before the rows go: the failure notes of the job rows rebuilt below.
    const failures: Array<{ what: string; subject_id: string; last_failure: string }> = liveJobs
      ? await m.query(`SELECT what, subject_id, last_failure FROM rotation.rotation_jobs_v1 WHERE stream_version > 0 AND last_failure IS NOT NULL`)
      : [];
    await m.query(`DELETE FROM ${into.signingKeys}`);
    await m.query(`DELETE FROM ${into.serviceAccounts}`);
    // The live job table keeps its operational rows (see the header); a fresh target starts empty.
    await m.query(`DELETE FROM ${into.rotationJobs}${liveJobs ? ' WHERE stream_version > 0' : ''}`);
    const counts: ReplayCounts = { signing_keys: 0, service_accounts: 0, rotation_jobs: 0, skipped: 0 };
    for await (const stored of store.readAll(m)) {
      const target = projectorOf(stored);
      if (!target) {
        counts.skipped++;
        continue;
      }
      await target.project(m, stored, into[target.key]);
      counts[target.count]++;
    }
    // The rebuilt job rows get their failure notes back (a step clears them, so only the last one stands).
    for (const f of failures) {
      await m.query(`UPDATE rotation.rotation_jobs_v1 SET last_failure = $3 WHERE what = $1 AND subject_id = $2`, [f.what, f.subject_id, f.last_failure]);
    }
    return counts;
  });
}
