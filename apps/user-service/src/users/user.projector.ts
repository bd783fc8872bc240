/**
 * Applies user events to the users_v1 projection. Used inline (same transaction as the append)
 * and by `replay`, which rebuilds the table from the event store.
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function projectUserEvent(manager: EntityManager, e: EventEnvelope, version: number): Promise<void> {
  const id = e.subject.id;
  switch (e.type) {
    case 'UserRegistered':
    case 'UserCreated': {
      const d = e.data as EventEnvelope<'UserCreated'>['data'] & EventEnvelope<'UserRegistered'>['data'];
      await manager.query(
        `INSERT INTO users.users_v1 (id, email, email_normalized, name, roles, must_change_password, password_changed_at, password_expires_at, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9)`,
        [id, d.email, normalizeEmail(d.email), d.name, d.roles, d.must_change_password ?? false, e.occurred_at, d.password_expires_at ?? null, version],
      );
      return;
    }
    case 'UserDeleted':
      await manager.query(`DELETE FROM users.users_v1 WHERE id = $1`, [id]);
      return;
    case 'RolesChanged':
      await manager.query(`UPDATE users.users_v1 SET roles = $2, version = $3 WHERE id = $1`, [id, (e.data as EventEnvelope<'RolesChanged'>['data']).after, version]);
      return;
    case 'PasswordChanged':
      await manager.query(
        `UPDATE users.users_v1 SET must_change_password = false, password_changed_at = $2, password_expires_at = $3, version = $4 WHERE id = $1`,
        [id, e.occurred_at, (e.data as EventEnvelope<'PasswordChanged'>['data']).password_expires_at, version],
      );
      return;
    case 'PasswordResetByAdmin':
      await manager.query(`UPDATE users.users_v1 SET must_change_password = true, password_changed_at = $2, version = $3 WHERE id = $1`, [id, e.occurred_at, version]);
      return;
    default:
      return;
  }
}
