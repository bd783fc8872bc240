/**
 * Applies signing-key events to signing_keys_v1, inline in the transaction that records them and
 * during replay (`into` another table of its shape: how a test compares a rebuild with the live
 * one). Public key material is copied from signing_key_material (events carry only ids).
 */
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';

export const SIGNING_KEYS_PROJECTION = 'rotation.signing_keys_v1';

const STATUS_TIME_COLUMN = { active: 'activated_at', retiring: 'retiring_at', retired: 'retired_at' } as const;

export async function projectSigningKeyEvent(m: EntityManager, e: EventEnvelope, version: number, into = SIGNING_KEYS_PROJECTION): Promise<void> {
  switch (e.type) {
    case 'SigningKeyCreated': {
      const d = e.data as EventEnvelope<'SigningKeyCreated'>['data'];
      await m.query(
        `INSERT INTO ${into} (kid, alg, status, public_pem, public_jwk, created_at, version)
         SELECT kid, alg, 'next', public_pem, public_jwk, $2, $3 FROM rotation.signing_key_material WHERE kid = $1`,
        [d.kid, e.occurred_at, version],
      );
      return;
    }
    case 'SigningKeyStatusChanged': {
      const d = e.data as EventEnvelope<'SigningKeyStatusChanged'>['data'];
      const column = STATUS_TIME_COLUMN[d.to];
      await m.query(`UPDATE ${into} SET status = $2, ${column} = $3, version = $4 WHERE kid = $1`, [d.kid, d.to, e.occurred_at, version]);
      return;
    }
    case 'SigningKeyRevoked': {
      const d = e.data as EventEnvelope<'SigningKeyRevoked'>['data'];
      await m.query(`UPDATE ${into} SET status = 'revoked', revoked_at = $2, revoke_reason = $3, version = $4 WHERE kid = $1`, [
        d.kid,
        e.occurred_at,
        d.reason,
        version,
      ]);
      return;
    }
    default:
      // SecretRotated rides in the stream too, for the record; it changes no column.
      await m.query(`UPDATE ${into} SET version = $2 WHERE kid = $1`, [e.subject.id, version]);
  }
}
