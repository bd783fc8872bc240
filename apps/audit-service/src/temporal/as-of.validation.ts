/** Validation of point-in-time requests: one bad field is a clear VALIDATION_FAILED (HTTP 400), never a 500. */
import { ServiceError } from '@tr4ction/messaging';

/** RFC 3339 date-time (section 5.6): full date, time, optional fraction, Z or a numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEQ = /^\d{1,18}$/;

/** The instant as a canonical UTC string (what the answer echoes), or a 400. */
export function parseAsOf(value: unknown): string {
  if (typeof value !== 'string' || !RFC3339.test(value))
    throw new ServiceError('VALIDATION_FAILED', 'as_of must be an RFC 3339 date-time, e.g. 2026-03-03T12:00:00Z');
  const at = Date.parse(value.toUpperCase());
  if (!Number.isFinite(at)) throw new ServiceError('VALIDATION_FAILED', 'as_of is not a real instant');
  return new Date(at).toISOString();
}

export function parseUserId(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new ServiceError('VALIDATION_FAILED', 'user id must be a UUID');
  return value.toLowerCase();
}

export function optionalUserCursor(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return parseUserId(value);
}

export function optionalSeqCursor(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !SEQ.test(value)) throw new ServiceError('VALIDATION_FAILED', 'cursor is invalid');
  return Number(value);
}

export function limitOf(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Math.trunc(Number(value));
  if (!Number.isFinite(n) || n < 1) throw new ServiceError('VALIDATION_FAILED', `limit must be 1..${max}`);
  return Math.min(n, max);
}

/** A bounded, plain filter value (a role or a status), or undefined. */
export function optionalFilter(value: unknown, name: string, allowed?: readonly string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 64) throw new ServiceError('VALIDATION_FAILED', `${name} is invalid`);
  if (allowed && !allowed.includes(value)) throw new ServiceError('VALIDATION_FAILED', `${name} must be one of ${allowed.join(', ')}`);
  return value;
}
