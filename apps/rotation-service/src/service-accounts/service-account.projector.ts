/**
 * Applies service-account events to service_accounts_v1 (inline with the append, and by replay;
 * `into` another table of its shape: how a test compares a rebuild with the live one).
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';

export const SERVICE_ACCOUNTS_PROJECTION = 'rotation.service_accounts_v1';

export async function projectServiceAccountEvent(m: EntityManager, e: EventEnvelope, version: number, into = SERVICE_ACCOUNTS_PROJECTION): Promise<void> {
  const id = e.subject.id;
  switch (e.type) {
    case 'ServiceAccountCreated': {
      const d = e.data as EventEnvelope<'ServiceAccountCreated'>['data'];
      await m.query(
        `INSERT INTO ${into} (id, client_id, name, scopes, status, created_at, expires_at, secret_rotated_at, secret_ref, version)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $5, $7, $8)`,
        [id, d.client_id, d.name, d.scopes, e.occurred_at, d.expires_at ?? null, d.secret_ref ? JSON.stringify(d.secret_ref) : null, version],
      );
      return;
    }
    case 'SecretRotated': {
      const d = e.data as EventEnvelope<'SecretRotated'>['data'];
      await m.query(`UPDATE ${into} SET secret_rotated_at = $2, previous_valid_until = $3, version = $4 WHERE id = $1`, [
        id,
        e.occurred_at,
        d.previous_valid_until ?? null,
        version,
      ]);
      return;
    }
    case 'ServiceAccountRevoked':
      await m.query(`UPDATE ${into} SET status = 'revoked', revoked_at = $2, version = $3 WHERE id = $1`, [id, e.occurred_at, version]);
      return;
    default:
      await m.query(`UPDATE ${into} SET version = $2 WHERE id = $1`, [id, version]);
  }
}
