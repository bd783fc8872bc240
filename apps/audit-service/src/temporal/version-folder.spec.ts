import type { AuditRecord } from '@tr4ction/audit-chain';
import { VersionFolder } from './temporal-replay';

let seq = 0;
function record(type: string, data: Record<string, unknown>, occurredAt: string, subject = { type: 'user', id: 'u1' }): AuditRecord {
  seq++;
  return {
    seq,
    event_id: `e${seq}`,
    type,
    occurred_at: occurredAt,
    recorded_at: '',
    actor: { type: 'user', id: 'a' },
    subject,
    outcome: 'success',
    source: { service: 's' },
    trace_id: null,
    data,
    prev_hash: '',
    hash: '',
  };
}

describe(VersionFolder.name, () => {
  it('closes each version where the next begins, and never starts one before the version it follows', () => {
    const f = new VersionFolder();
    f.apply(record('UserRegistered', { email: 'a@example.com', roles: ['founder'] }, '2026-03-03T12:00:00.000Z'));
    // A producer whose clock runs behind: its change is kept after the registration it follows.
    f.apply(record('RolesChanged', { before: ['founder'], after: ['admin'] }, '2026-03-03T11:59:00.000Z'));
    f.apply(record('UserDeleted', {}, '2026-03-03T13:00:00.000Z'));
    expect(f.versions.map((v) => [v.from, v.to, (v.state as { roles: string[] }).roles])).toEqual([
      ['2026-03-03T12:00:00.000Z', '2026-03-03T12:00:00.000Z', ['founder']],
      ['2026-03-03T12:00:00.000Z', '2026-03-03T13:00:00.000Z', ['admin']],
    ]);
  });

  it('starts a setting at its value before its first recorded change, without evidence', () => {
    const f = new VersionFolder();
    f.apply(
      record('ConfigurationChanged', { changes: [{ key: 'password_policy', before: 'seed', after: 'pci-dss-4' }] }, '2026-03-03T12:00:00.000Z', {
        type: 'configuration',
        id: 'settings',
      }),
    );
    expect(f.versions.map((v) => [v.from, v.to, v.state, v.eventId])).toEqual([
      ['-infinity', '2026-03-03T12:00:00.000Z', { value: 'seed' }, null],
      ['2026-03-03T12:00:00.000Z', null, { value: 'pci-dss-4' }, expect.any(String)],
    ]);
  });
});
