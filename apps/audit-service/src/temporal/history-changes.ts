/**
 * What one event changed, for a user's history: read from the stored (already redacted) record.
 * Events never carry a secret (libs/contracts/src/events/catalogue.ts); the redaction of the chain is the second line. The
 * lifecycle events are spelled as before/after where the payload knows both, the rest as they came.
 */
import type { AuditRecord } from '@tr4ction/audit-chain';

export function changesOf(r: AuditRecord): Record<string, unknown> {
  const d = r.data;
  switch (r.type) {
    case 'UserRegistered':
    case 'UserCreated':
      return { email: { after: d.email }, name: { after: d.name ?? null }, roles: { after: d.roles } };
    case 'RolesChanged':
      return { roles: { before: d.before, after: d.after } };
    case 'AccountLocked':
      return { status: { after: 'locked' }, locked_until: { after: d.locked_until }, failed_attempts: d.failed_attempts };
    case 'AccountUnlocked':
      return { status: { before: 'locked', after: 'active' }, by: d.by };
    case 'UserDeleted':
      return { status: { after: 'deleted' }, ...(d.reason ? { reason: d.reason } : {}) };
    default:
      return { ...d };
  }
}
