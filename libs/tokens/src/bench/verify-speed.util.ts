import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateSigningKey } from '../keys/signing-key.util';
import { AccessTokenSigner } from '../jwt/access-token.signer';
import { AccessTokenVerifier } from '../jwt/access-token.verifier';
import type { SigningKeyAlg } from '../jwt/token-algorithms.constants';

/*
 * Measured on the development machine (2 vCPU Intel Xeon @ 2.50GHz, Node 20.20, OpenSSL 3), one
 * core, cached KeyObjects, best of 10 interleaved rounds over 3 s (the machine was shared, so
 * single runs varied by 2x; the ratios held steady):
 *
 *   alg              raw verify/s   AccessTokenVerifier.verify/s   raw sign/s
 *   RS256 (2048)     ~29,000-32,000 ~13,500-14,000                 ~1,400
 *   ES256 (P-256)    ~11,000        ~7,300-8,000                   ~23,000-25,000
 *   EdDSA (Ed25519)  ~7,400         n/a (no EdDSA in jsonwebtoken) ~19,000-21,000
 *
 * RS256 verifies ~2.7x faster bare and ~1.8x faster through the full verifier (jsonwebtoken's
 * own decoding narrows the gap). Verification runs on every gateway request, signing only at
 * login and refresh, hence the RS256 default in token-algorithms.constants.ts.
 */

export interface VerifySpeedResult {
  alg: SigningKeyAlg;
  /** Bare signature verifications per second (node:crypto, parsed key). */
  verifiesPerSecond: number;
  /** Full AccessTokenVerifier.verify calls per second; undefined where the JWT path lacks the alg. */
  tokenVerifiesPerSecond: number | undefined;
  signsPerSecond: number;
}

export interface VerifySpeedOptions {
  /** Total time spent on each measurement, split across rounds; default 1000 ms. */
  durationMs?: number;
  /** Interleaved rounds; the best round counts, which filters out load from other processes. Default 5. */
  rounds?: number;
  algs?: readonly SigningKeyAlg[];
}

type Probe = { alg: SigningKeyAlg; verify: () => unknown; verifyToken: (() => unknown) | undefined; sign: () => unknown };

/** Script-friendly: `await measureVerifySpeed()` and print the rows. */
export async function measureVerifySpeed(options: VerifySpeedOptions = {}): Promise<VerifySpeedResult[]> {
  const rounds = Math.max(1, options.rounds ?? 5);
  const sliceMs = (options.durationMs ?? 1000) / rounds;
  const probes: Probe[] = [];
  for (const alg of options.algs ?? (['RS256', 'ES256', 'EdDSA'] as const)) probes.push(await probeFor(alg));

  const results: VerifySpeedResult[] = probes.map((probe) => ({
    alg: probe.alg,
    verifiesPerSecond: 0,
    tokenVerifiesPerSecond: probe.verifyToken ? 0 : undefined,
    signsPerSecond: 0,
  }));
  // Round-robin rather than one algorithm after another, so a burst of load elsewhere on the
  // machine cannot penalise only one of them.
  for (let round = 0; round < rounds; round += 1) {
    probes.forEach((probe, index) => {
      const result = results[index];
      result.verifiesPerSecond = Math.max(result.verifiesPerSecond, ratePerSecond(sliceMs, probe.verify));
      if (probe.verifyToken) {
        result.tokenVerifiesPerSecond = Math.max(result.tokenVerifiesPerSecond ?? 0, ratePerSecond(sliceMs, probe.verifyToken));
      }
      result.signsPerSecond = Math.max(result.signsPerSecond, ratePerSecond(sliceMs, probe.sign));
    });
  }
  return results;
}

async function probeFor(alg: SigningKeyAlg): Promise<Probe> {
  const key = await generateSigningKey(alg);
  const privateKey = createPrivateKey(key.privatePem);
  const publicKey = createPublicKey(key.publicPem);
  const input = Buffer.from(sampleSigningInput(alg));
  const signature = rawSign(alg, input, privateKey);
  if (!rawVerify(alg, input, publicKey, signature)) throw new Error('Self-check of the benchmark signature failed');
  return {
    alg,
    verify: () => rawVerify(alg, input, publicKey, signature),
    verifyToken: alg === 'EdDSA' ? undefined : tokenVerifier(alg, key),
    sign: () => rawSign(alg, input, privateKey),
  };
}

function tokenVerifier(alg: 'RS256' | 'ES256', key: { kid: string; publicPem: string; privatePem: string }): () => unknown {
  const issuer = 'https://bench.invalid';
  const audience = 'bench';
  const { token } = new AccessTokenSigner({ issuer, audience }).sign(
    { sub: 'user-1', roles: ['founder'], scope: 'profile:read' },
    { kid: key.kid, alg, privatePem: key.privatePem },
  );
  const verifier = new AccessTokenVerifier({
    issuer,
    audience,
    allowedAlgs: [alg],
    resolveKey: (kid) => (kid === key.kid ? { alg, publicPem: key.publicPem } : undefined),
  });
  return () => verifier.verify(token);
}

function sampleSigningInput(alg: SigningKeyAlg): string {
  const header = { alg, typ: 'at+jwt', kid: 'x'.repeat(43) };
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'https://api.tr4ction.example', aud: 'tr4ction-api', sub: '01890a5d-ac96-774b-bcce-b302099a8057',
    iat: now, nbf: now, exp: now + 900, jti: '01890a5d-ac96-774b-bcce-b302099a8058',
    roles: ['founder'], scope: 'profile:read profile:write',
  };
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(payload)}`;
}

// JWS ES256 signatures are raw r||s (IEEE P1363), not DER.
function rawSign(alg: SigningKeyAlg, input: Buffer, key: KeyObject): Buffer {
  if (alg === 'EdDSA') return sign(null, input, key);
  return sign('sha256', input, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
}

function rawVerify(alg: SigningKeyAlg, input: Buffer, key: KeyObject, signature: Buffer): boolean {
  if (alg === 'EdDSA') return verify(null, input, key, signature);
  return verify('sha256', input, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
}

// Time-boxed rather than a fixed count so a slow algorithm cannot stretch the run.
function ratePerSecond(durationMs: number, operation: () => unknown): number {
  operation(); // warm-up, keeps one-off costs out of the rate
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 16; i += 1) operation();
    count += 16;
    elapsed = performance.now() - start;
  } while (elapsed < durationMs);
  return Math.round((count * 1000) / elapsed);
}
