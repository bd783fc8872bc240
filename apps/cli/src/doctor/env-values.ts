/** Reads of raw environment values with the services' own semantics (libs/config), tolerant of bad input. */
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export function boolValue(raw: string | undefined, fallback: boolean): boolean | 'invalid' {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return 'invalid';
}

export function listValue(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function intValue(raw: string | undefined, fallback: number): number {
  return raw && /^\d+$/.test(raw.trim()) ? Number(raw) : fallback;
}
