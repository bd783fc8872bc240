import type { RuntimeSettings, RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import { GatewayError } from '../http/problem';

export type SettingsView = RuntimeSettings & { updated_at: string | null; updated_by: string | null };

/** The HTTP shape: an object keyed by setting name (the console edits it as is), plus who changed it last. */
export function toSettingsView(snapshot: RuntimeSettingsSnapshot): SettingsView {
  return { ...snapshot.settings, updated_at: snapshot.updated_at, updated_by: snapshot.updated_by?.id ?? null };
}

/** The strong ETag of a settings version. */
export function settingsEtag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an If-Match names: undefined when absent or `*` (no precondition). Anything that
 * cannot be one of our ETags can never match, so it fails the precondition (RFC 9110, 13.1.1).
 */
export function expectedVersion(ifMatch: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch;
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return undefined;
  const m = /^\s*"(\d{1,12})"\s*$/.exec(raw);
  if (!m) throw new GatewayError('PRECONDITION_FAILED', 'If-Match must be the ETag of GET /admin/settings');
  return Number(m[1]);
}
