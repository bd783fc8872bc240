/**
 * Applies user events to the users_v1 projection. Used inline (same transaction as the append)
 * and by `replay`, which rebuilds the table from the event store (into another table of the same
 * shape when asked, so a test can compare the rebuild with the live table).
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';

export const USERS_PROJECTION = 'users.users_v1';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function projectUserEvent(manager: EntityManager, e: EventEnvelope, version: number, table = USERS_PROJECTION): Promise<void> {
  const id = e.subject.id;
  switch (e.type) {
    case 'UserRegistered':
    case 'UserCreated': {
      const d = e.data as EventEnvelope<'UserCreated'>['data'] & EventEnvelope<'UserRegistered'>['data'];
      await manager.query(
        `INSERT INTO ${table} (id, email, email_normalized, name, roles, must_change_password, password_changed_at, password_expires_at, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`,
        [id, d.email, normalizeEmail(d.email), d.name, d.roles, d.must_change_password ?? false, e.occurred_at, d.password_expires_at ?? null, version],
      );
      return;
    }
    case 'UserDeleted':
      await manager.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
      return;
    case 'RolesChanged':
      await manager.query(`UPDATE ${table} SET roles = $2, version = $3 WHERE id = $1`, [id, (e.data as EventEnvelope<'RolesChanged'>['data']).after, version]);
      return;
    case 'PasswordChanged':
      await manager.query(`UPDATE ${table} SET must_change_password = false, password_changed_at = $2, password_expires_at = $3, version = $4 WHERE id = $1`, [
        id,
        e.occurred_at,
        (e.data as EventEnvelope<'PasswordChanged'>['data']).password_expires_at,
        version,
      ]);
      return;
    case 'PasswordResetByAdmin':
      await manager.query(`UPDATE ${table} SET must_change_password = true, password_changed_at = $2, version = $3 WHERE id = $1`, [
        id,
        e.occurred_at,
        version,
      ]);
      return;
    case 'AccountLocked':
    case 'AccountUnlocked':
      // The lockout columns are the login path's operational counters (LockoutRepository keeps
      // them under the row lock, attempt by attempt); the stream records the transitions only.
      await manager.query(`UPDATE ${table} SET version = $2 WHERE id = $1`, [id, version]);
      return;
    default:
      return;
  }
}
