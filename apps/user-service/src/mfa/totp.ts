/**
 * TOTP as RFC 6238 with the authenticator apps' defaults (SHA-1, 6 digits, 30 s), through otplib.
 * Time is always passed in (the injected clock), and the matched time step is returned so the
 * caller can refuse a replay: a step at or before the factor's last accepted one.
 */
import { generateSecret, generateURI, verifySync } from 'otplib';

export const TOTP_ISSUER = 'TR4CTION';
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side, for clock drift between phone and server. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const CODE = /^[0-9]{6}$/;

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32 as the apps expect. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret, period: TOTP_PERIOD_SECONDS, digits: 6, algorithm: 'sha1' });
}

export type TotpMatch = { kind: 'ok'; step: number } | { kind: 'replayed' } | { kind: 'wrong' };

/** Whether `code` is valid at `nowMs` (±1 step) and newer than `lastStep`, the factor's last accepted step. */
export function matchTotp(secret: string, code: string, nowMs: number, lastStep: number | null): TotpMatch {
  const token = code.replace(/\s/g, '');
  if (!CODE.test(token)) return { kind: 'wrong' };
  const result = verifySync({ secret, token, epoch: Math.floor(nowMs / 1000), period: TOTP_PERIOD_SECONDS, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid) return { kind: 'wrong' };
  const step = (result as { timeStep: number }).timeStep;
  if (lastStep !== null && step <= lastStep) return { kind: 'replayed' };
  return { kind: 'ok', step };
}
