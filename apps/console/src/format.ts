/** Display helpers shared by the pages. */
import type { Problem } from './api/types';

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export function problemText(p: Problem): string {
  const parts = [p.detail || p.title || `HTTP ${p.status}`];
  if (p.code) parts.push(`(${p.code})`);
  return parts.join(' ');
}
