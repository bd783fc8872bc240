/**
 * The evidence of a point-in-time item: the audit record of the last event that shaped it. The link
 * opens the audit log at that seq, where the record (same event id) can be checked against the chain.
 */
import type { Evidence } from '../api/types';

export function auditRecordHref(seq: number): string {
  return `#/audit?seq=${seq}`;
}

export function EvidenceLink({ evidence, of }: { evidence: Evidence | null; of: string }) {
  if (!evidence) return <span className="muted">no record (environment value)</span>;
  return (
    <a
      href={auditRecordHref(evidence.audit_seq)}
      data-testid="evidence"
      data-seq={evidence.audit_seq}
      data-event-id={evidence.event_id}
      aria-label={`seq ${evidence.audit_seq}: the audit record that is the evidence for ${of}`}
    >
      seq {evidence.audit_seq}
    </a>
  );
}
