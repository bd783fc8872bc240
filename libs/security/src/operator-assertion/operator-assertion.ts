/**
 * The CLI's proof for one request: claims naming the operator, the pattern and a digest of the
 * payload, valid for a minute and usable once, signed with the CLI identity's own Ed25519 bus key
 * (`BUS_SIGNING_KEY_CLI`). A stolen assertion authorises only the very request it was made for,
 * for seconds, and only on a service that has not seen it yet. No shared secret is involved: the
 * services hold only the CLI's pinned public key (`BUS_PUBLIC_KEYS`).
 *
 * Wire form: `<base64url claims JSON>.<key id>.<base64url signature>`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { MessageSigner } from '../message-signing/message-signer';
import type { MessageVerifier } from '../message-signing/message-verifier';

/** Domain separation: an event signature or any other signed message never verifies as an assertion. */
export const OPERATOR_ASSERTION_PURPOSE = 'tr4ction.operator-assertion.v1';
export const OPERATOR_IDENTITY = 'cli';
const MAX_ASSERTION_LENGTH = 4096;

export interface OperatorAssertionClaims {
  /** The operator's name (TR4CTION_OPERATOR or the OS user), as the audit record shows it. */
  sub: string;
  /** The RPC pattern this assertion authorises, and nothing else. */
  aud: string;
  /** base64url SHA-256 of the JSON payload, so the assertion cannot be moved to another request. */
  dig: string;
  iat: number;
  exp: number;
  jti: string;
}

/** The digest both sides compute over the payload as it travels (JSON keeps key order). */
export function requestDigest(data: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(data ?? null))
    .digest('base64url');
}

export interface OperatorAssertionInput {
  operator: string;
  pattern: string;
  data: unknown;
  ttlSeconds: number;
  nowMs?: number;
}

export function signOperatorAssertion(signer: MessageSigner, input: OperatorAssertionInput): string {
  if (signer.identity !== OPERATOR_IDENTITY) throw new TypeError('operator assertions are signed with the cli identity');
  const iat = Math.floor((input.nowMs ?? Date.now()) / 1000);
  const claims: OperatorAssertionClaims = {
    sub: input.operator,
    aud: input.pattern,
    dig: requestDigest(input.data),
    iat,
    exp: iat + input.ttlSeconds,
    jti: randomUUID(),
  };
  const bytes = Buffer.from(JSON.stringify(claims));
  const signature = signer.sign(OPERATOR_ASSERTION_PURPOSE, bytes);
  return `${bytes.toString('base64url')}.${signature.keyId}.${signature.signature}`;
}

export type OperatorAssertionVerdict = { ok: true; claims: OperatorAssertionClaims } | { ok: false; reason: 'invalid' | 'expired' | 'replayed' };

export interface OperatorAssertionVerifierOptions {
  /** The longest lifetime accepted, whatever the assertion says. */
  maxTtlSeconds: number;
  clockToleranceSeconds?: number;
  now?: () => number;
}

export class OperatorAssertionVerifier {
  /** Seen jtis until their expiry: an assertion is used once per service process. */
  private readonly seen = new Map<string, number>();
  private readonly now: () => number;
  private readonly tolerance: number;

  constructor(
    private readonly keys: MessageVerifier,
    private readonly options: OperatorAssertionVerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.tolerance = options.clockToleranceSeconds ?? 30;
  }

  verify(assertion: string, pattern: string, data: unknown): OperatorAssertionVerdict {
    const parts = assertion.length <= MAX_ASSERTION_LENGTH ? assertion.split('.') : [];
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const bytes = Buffer.from(parts[0], 'base64url');
    const check = this.keys.verify(OPERATOR_IDENTITY, OPERATOR_ASSERTION_PURPOSE, bytes, { keyId: parts[1], signature: parts[2] });
    if (!check.ok) return { ok: false, reason: 'invalid' };
    const claims = parseClaims(bytes);
    if (!claims || claims.aud !== pattern || claims.dig !== requestDigest(data)) return { ok: false, reason: 'invalid' };
    const nowS = this.now() / 1000;
    if (claims.exp - claims.iat > this.options.maxTtlSeconds || claims.iat > nowS + this.tolerance) return { ok: false, reason: 'invalid' };
    if (claims.exp + this.tolerance <= nowS) return { ok: false, reason: 'expired' };
    this.forgetExpired(nowS);
    if (this.seen.has(claims.jti)) return { ok: false, reason: 'replayed' };
    this.seen.set(claims.jti, claims.exp + this.tolerance);
    return { ok: true, claims };
  }

  /**
   * Entries go in roughly in expiry order (one lifetime for all), so dropping from the oldest end
   * until the first live one keeps each verification O(1) however many assertions are remembered.
   */
  private forgetExpired(nowS: number): void {
    for (const [jti, until] of this.seen) {
      if (until > nowS) return;
      this.seen.delete(jti);
    }
  }
}

function parseClaims(bytes: Buffer): OperatorAssertionClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  const strings = ['sub', 'aud', 'dig', 'jti'].every((k) => typeof c[k] === 'string' && (c[k] as string).length > 0 && (c[k] as string).length <= 512);
  if (!strings || !Number.isInteger(c['iat']) || !Number.isInteger(c['exp'])) return undefined;
  return c as unknown as OperatorAssertionClaims;
}
