import type { CredentialStatus } from '@tr4ction/contracts';
import { formatStatus } from './secrets-status';

describe(formatStatus.name, () => {
  it('prints one aligned row per credential with its age in days and dashes for the unknown', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    const items: CredentialStatus[] = [
      {
        credential: 'service_account_secret',
        id: 'sa-1',
        store: 'file',
        name: 'exporter',
        last_rotated_at: '2026-02-19T00:00:00.000Z',
        next_rotation_at: '2026-03-21T00:00:00.000Z',
        last_result: 'ok',
      },
      {
        credential: 'checkpoint_key',
        id: null,
        store: 'audit-service',
        name: 'AUDIT_CHECKPOINT_KEY',
        last_rotated_at: null,
        next_rotation_at: null,
        last_result: 'manual',
      },
    ];
    const lines = formatStatus(items, now);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^CREDENTIAL\s+ID\s+STORE\s+NAME\s+AGE\s+NEXT ROTATION\s+LAST RESULT$/);
    expect(lines[1]).toMatch(/^service_account_secret\s+sa-1\s+file\s+exporter\s+10d\s+2026-03-21T00:00:00.000Z\s+ok$/);
    expect(lines[2]).toMatch(/^checkpoint_key\s+-\s+audit-service\s+AUDIT_CHECKPOINT_KEY\s+-\s+-\s+manual$/);
  });
});
