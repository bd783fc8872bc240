/** Plain-text tables of the point-in-time answers: aligned columns, one row per item. */
import type { UserAsOf, UserHistoryEntry } from '@tr4ction/contracts';

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function usersTable(items: readonly UserAsOf[]): string[] {
  return table(
    ['EMAIL', 'ROLES', 'STATUS', 'USER ID', 'EVIDENCE SEQ'],
    items.map((u) => [u.email, u.roles.join(','), u.status, u.id, String(u.evidence.audit_seq)]),
  );
}

export function historyTable(items: readonly UserHistoryEntry[]): string[] {
  return table(
    ['SEQ', 'OCCURRED AT', 'TYPE', 'ACTOR', 'CHANGES'],
    items.map((e) => [String(e.audit_seq), e.occurred_at, e.type, `${e.actor.type}:${e.actor.id ?? '-'}`, JSON.stringify(e.changes)]),
  );
}
