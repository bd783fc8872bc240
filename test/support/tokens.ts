/** Token helpers for end-to-end tests: decode, forge hostile tokens, verify with an independent client. */
import { execFile } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')), payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) };
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Compact JWS from any header and payload, signed however the attack needs (or not at all). */
export function forgeJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signer: (input: string) => string = () => ''): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(input)}`;
}

export const rs256With =
  (key: KeyObject) =>
  (input: string): string =>
    sign('sha256', Buffer.from(input), key).toString('base64url');
export const hs256With =
  (secret: string | Buffer) =>
  (input: string): string =>
    createHmac('sha256', secret).update(input).digest('base64url');

export function attackerKey(): { privateKey: KeyObject; publicJwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
}

export function pemOfJwk(jwk: Record<string, unknown>): string {
  return createPublicKey({ key: jwk as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

export interface JoseResult {
  ok: boolean;
  kid?: string;
  sub?: string;
  scope?: string;
  code?: string;
  /** A refused claim's name and jose's reason (`check_failed`, `missing`, `unexpected`). */
  claim?: string;
  reason?: string;
}

/** Verifies tokens with jose's createRemoteJWKSet against the running gateway's JWKS (its issuer: the stack's ISSUER_URL, its base URL). */
export function joseVerify(baseUrl: string, tokens: string[], issuer = baseUrl): Promise<JoseResult[]> {
  const script = resolve(__dirname, 'jose-verify.mjs');
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, [script], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`jose verifier failed: ${stderr || err.message}`));
      done(JSON.parse(stdout) as JoseResult[]);
    });
    child.stdin?.end(JSON.stringify({ jwks_url: `${baseUrl}/.well-known/jwks.json`, issuer, audience: 'tr4ction-api', tokens }));
  });
}
