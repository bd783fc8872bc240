/** The webhook body signature: `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub-style receivers expect. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tr4ction-signature';

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** For receivers (and the tests): constant-time comparison of a presented signature. */
export function verifyBody(secret: string, body: string | Buffer, presented: string | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
