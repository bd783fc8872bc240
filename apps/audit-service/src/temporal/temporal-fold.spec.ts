import type { AuditRecord } from '@tr4ction/audit-chain';
import { transitionsOf, type EntityState } from './temporal-fold';

let seq = 0;
function record(type: string, data: Record<string, unknown>, subject = { type: 'user', id: 'u1' }, outcome: 'success' | 'failure' = 'success'): AuditRecord {
  seq++;
  return {
    seq,
    event_id: `e${seq}`,
    type,
    occurred_at: `2026-03-03T12:0${seq % 10}:00.000Z`,
    recorded_at: '',
    actor: { type: 'user', id: 'a' },
    subject,
    outcome,
    source: { service: 's' },
    trace_id: null,
    data,
    prev_hash: '',
    hash: '',
  };
}

/** Folds the records' transitions for one entity, as the repository does (without the rows). */
function fold(records: AuditRecord[]): EntityState | null {
  let state: EntityState | null = null;
  for (const r of records) {
    for (const t of transitionsOf(r)) {
      const next = t.next(state ?? t.prior ?? null);
      if (next !== undefined) state = next;
    }
  }
  return state;
}

describe(transitionsOf.name, () => {
  it('follows a user through registration, roles, lockout and deletion', () => {
    const registered = record('UserRegistered', { email: 'a@example.com', name: null, roles: ['founder'] });
    expect(fold([registered])).toMatchObject({ roles: ['founder'], locked_until: null });
    const promoted = record('RolesChanged', { before: ['founder'], after: ['auditor', 'admin'] });
    expect(fold([registered, promoted])).toMatchObject({ roles: ['admin', 'auditor'] });
    const locked = record('AccountLocked', { failed_attempts: 5, locked_until: '2026-03-03T13:00:00Z' }, undefined, 'failure');
    expect(fold([registered, locked])).toMatchObject({ locked_until: '2026-03-03T13:00:00.000Z' });
    expect(fold([registered, locked, record('AccountUnlocked', { by: 'admin' })])).toMatchObject({ locked_until: null });
    expect(fold([registered, promoted, record('UserDeleted', {})])).toBeNull();
  });

  it('ignores what does not shape the state: failed outcomes, other events, changes to unknown entities', () => {
    expect(transitionsOf(record('LoginSucceeded', { password_change_required: false }))).toEqual([]);
    expect(transitionsOf(record('RolesChanged', { before: [], after: ['admin'] }, undefined, 'failure'))).toEqual([]);
    expect(transitionsOf(record('RolesChanged', { before: [], after: ['admin'] }))[0].next(null)).toBeUndefined();
  });

  it('follows signing keys and service accounts by their ids', () => {
    const key = { type: 'signing-key', id: 'k1' };
    expect(
      fold([
        record('SigningKeyCreated', { kid: 'k1', alg: 'RS256', fingerprint: 'f' }, key),
        record('SigningKeyStatusChanged', { kid: 'k1', from: 'next', to: 'active' }, key),
      ]),
    ).toMatchObject({ kid: 'k1', status: 'active' });
    const sa = { type: 'service-account', id: 's1' };
    const created = record('ServiceAccountCreated', { name: 'ci', client_id: 'c', scopes: ['b', 'a'], expires_at: null }, sa);
    expect(fold([created, record('ServiceAccountRevoked', { client_id: 'c' }, sa)])).toMatchObject({ scopes: ['a', 'b'], status: 'revoked' });
    // A signing-key rotation is not a service-account secret rotation.
    expect(transitionsOf(record('SecretRotated', { what: 'signing_key', kid: 'k1' }, key))).toEqual([]);
  });

  it('gives each changed setting its value before the change as the prior state', () => {
    const [t] = transitionsOf(
      record('ConfigurationChanged', { changes: [{ key: 'password_policy', before: 'seed', after: 'pci-dss-4' }] }, { type: 'configuration', id: 'settings' }),
    );
    expect(t).toMatchObject({ kind: 'setting', id: 'password_policy', prior: { value: 'seed' } });
    expect(t.next(t.prior ?? null)).toEqual({ value: 'pci-dss-4' });
  });
});
