/**
 * Token counters, moved by the events a feature records (TokenIssued, TokenRevoked,
 * AllTokensRevoked): the metric can never disagree with the audit trail about what happened.
 * Revocation reasons can be operator text, so only known reasons become label values.
 */
import type { EventEnvelope } from '@tr4ction/contracts';
import { platformMetrics } from '@tr4ction/telemetry';

const KNOWN_REASONS = new Set(['logout', 'refresh_token_reuse', 'user_gone', 'revoked', 'password_changed', 'user_deleted', 'roles_changed', 'compromised']);

export function reasonLabel(reason: string | undefined): string {
  if (reason && KNOWN_REASONS.has(reason)) return reason;
  return reason && /\bby an admin\b/.test(reason) ? 'admin' : 'other';
}

/** Counts the token events about to be recorded; returns them unchanged for the recorder. */
export function countTokenEvents(events: EventEnvelope[]): EventEnvelope[] {
  for (const e of events) {
    if (e.type === 'TokenIssued') platformMetrics.tokensIssued().inc({ kind: String((e.data as { kind?: unknown }).kind ?? 'unknown') });
    else if (e.type === 'TokenRevoked') {
      const data = e.data as { scope?: unknown; reason?: string };
      platformMetrics.tokensRevoked().inc({ scope: String(data.scope ?? 'unknown'), reason: reasonLabel(data.reason) });
    } else if (e.type === 'AllTokensRevoked') platformMetrics.tokensRevoked().inc({ scope: 'all', reason: 'emergency' });
  }
  return events;
}
