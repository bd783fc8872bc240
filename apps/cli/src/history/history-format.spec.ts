import { historyTable, usersTable } from './history-format';

describe(usersTable.name, () => {
  it('aligns one row per user, with its roles, status and evidence seq', () => {
    const lines = usersTable([
      {
        id: 'u-1',
        email: 'ada@example.com',
        name: null,
        roles: ['admin', 'auditor'],
        status: 'active',
        created_at: '',
        evidence: { event_id: 'e', audit_seq: 42 },
      },
      { id: 'u-2', email: 'bo@example.com', name: null, roles: ['admin'], status: 'locked', created_at: '', evidence: { event_id: 'f', audit_seq: 7 } },
    ]);
    expect(lines[0]).toMatch(/^EMAIL\s+ROLES\s+STATUS\s+USER ID\s+EVIDENCE SEQ$/);
    expect(lines[1]).toMatch(/^ada@example\.com\s+admin,auditor\s+active\s+u-1\s+42$/);
    expect(lines[2].indexOf('admin')).toBe(lines[1].indexOf('admin'));
  });
});

describe(historyTable.name, () => {
  it('prints each record with its seq, actor and changes', () => {
    const [, row] = historyTable([
      {
        event_id: 'e',
        audit_seq: 3,
        type: 'RolesChanged',
        occurred_at: '2026-03-03T12:00:00.000Z',
        actor: { type: 'cli', id: 'alice' },
        changes: { roles: { before: ['founder'], after: ['admin'] } },
      },
    ]);
    expect(row).toContain('cli:alice');
    expect(row).toContain('{"roles":{"before":["founder"],"after":["admin"]}}');
  });
});
