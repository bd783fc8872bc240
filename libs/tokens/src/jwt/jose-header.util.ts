import { TokenError } from '../errors/token.errors';
import { ACCESS_TOKEN_TYP, type AccessTokenAlg, isValidKid } from './token-algorithms.constants';

// Far above a real access token (a few hundred bytes to ~1.5 KB), low enough that a hostile
// bearer value cannot make the gateway base64-decode and parse megabytes.
export const MAX_TOKEN_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface CheckedHeader {
  alg: AccessTokenAlg;
  kid: string;
}

/**
 * Decodes and vets the JOSE header before any key is looked up or any signature checked. Every
 * header member that would let the token choose its own key (jwk, jku, x5u, x5c) is refused
 * outright, so verification never fetches anything and never trusts key material it carries.
 */
export function checkAccessTokenHeader(token: unknown, allowedAlgs: ReadonlySet<AccessTokenAlg>): CheckedHeader {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw TokenError.invalidToken('malformed');
  }
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '' || !parts.every((part) => BASE64URL.test(part))) {
    throw TokenError.invalidToken('malformed');
  }
  const header = decodeHeader(parts[0]);

  const alg = header['alg'];
  if (typeof alg !== 'string') throw TokenError.invalidToken('malformed');
  // Allowlist, not blocklist: 'none' in any casing is refused because it is never in the set.
  if (!isAllowed(alg, allowedAlgs)) throw TokenError.invalidToken('alg_not_allowed');

  if (has(header, 'jwk')) throw TokenError.invalidToken('embedded_jwk');
  if (has(header, 'jku')) throw TokenError.invalidToken('jku_present');
  if (has(header, 'x5u')) throw TokenError.invalidToken('x5u_present');
  if (has(header, 'x5c')) throw TokenError.invalidToken('x5c_present');
  // We understand no extension, and RFC 7515 4.1.11 requires refusing critical ones we don't.
  if (has(header, 'crit')) throw TokenError.invalidToken('crit_present');

  const kid = header['kid'];
  if (!isValidKid(kid)) throw TokenError.invalidToken('kid_invalid');

  if (!isAccessTokenTyp(header['typ'])) throw TokenError.invalidToken('typ_mismatch');
  if (parts[2] === '') throw TokenError.invalidToken('bad_signature');

  return { alg, kid };
}

/** RFC 9068 section 4: `at+jwt`, media-type comparison is case-insensitive, `application/` optional. */
function isAccessTokenTyp(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  return lower === ACCESS_TOKEN_TYP || lower === `application/${ACCESS_TOKEN_TYP}`;
}

function decodeHeader(segment: string): Record<string, unknown> {
  const bytes = Buffer.from(segment, 'base64url');
  // jws (under jsonwebtoken) decodes the header as latin1 while we decode UTF-8. A legitimate
  // header is pure ASCII, and refusing anything else removes any chance of the two parsers
  // disagreeing on what the header says.
  if (bytes.some((byte) => byte > 0x7f)) throw TokenError.invalidToken('malformed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('ascii'));
  } catch {
    throw TokenError.invalidToken('malformed');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw TokenError.invalidToken('malformed');
  return parsed as Record<string, unknown>;
}

function isAllowed(alg: string, allowedAlgs: ReadonlySet<AccessTokenAlg>): alg is AccessTokenAlg {
  return (allowedAlgs as ReadonlySet<string>).has(alg);
}

function has(header: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(header, name);
}
