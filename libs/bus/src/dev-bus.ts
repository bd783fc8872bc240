/**
 * A development bus: a private CA, a server certificate for 127.0.0.1/localhost, one nkey per
 * identity of the permission table, and the nats-server configuration that ties them together.
 * `npm start` keeps them in the git-ignored secrets folder (created once, reused); tests write
 * them to a temporary folder. Not for production: there the operator's PKI and credentials apply.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { createUser, fromSeed } from 'nkeys.js';
import { BUS_IDENTITIES, RESPONDING_IDENTITIES, type BusIdentity } from '@tr4ction/contracts';
import { renderNatsServerConfig } from './nats-server-config';
import { responderPublicKey } from './responder-key';

/** The extra, unrestricted test identity (see `NatsServerConfigInput.unrestrictedKeys`). */
export const HARNESS_IDENTITY = 'harness';
export type DevBusIdentity = BusIdentity | typeof HARNESS_IDENTITY;

export interface DevBusOptions {
  dir: string;
  /** The name clients reach the server by: in its certificate and in the URL (default 127.0.0.1). */
  host?: string;
  /** Where the server listens (default: host). Compose: 0.0.0.0 inside the network. */
  listenHost?: string;
  /** The JetStream store (default: <dir>/jetstream). */
  storeDir?: string;
  port: number;
  /** Also create the unrestricted `harness` credential (test stacks only). */
  harness?: boolean;
}

export interface DevBus {
  dir: string;
  configFile: string;
  storeDir: string;
  caFile: string;
  url: string;
  credsFile(identity: DevBusIdentity): string;
  /** The bus variables a process of this identity runs with. */
  env(identity: DevBusIdentity): Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
}

async function pemKey(key: webcrypto.CryptoKey): Promise<string> {
  const { PemConverter } = await import('@peculiar/x509');
  return PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** The CA and the server certificate, created with @peculiar/x509 on Node's WebCrypto (ECDSA P-256). */
async function createPki(dir: string, host: string): Promise<void> {
  await import('reflect-metadata'); // @peculiar/x509 resolves its algorithms through tsyringe
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const now = Date.now();
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=TR4CTION development bus CA',
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 825 * DAY_MS),
    signingAlgorithm: SIGNING,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const names = [...new Set(['localhost', '127.0.0.1', host])].map((value) => ({ type: /^[\d.]+$|:/.test(value) ? ('ip' as const) : ('dns' as const), value }));
  const server = await x509.X509CertificateGenerator.create({
    subject: 'CN=nats',
    issuer: ca.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 825 * DAY_MS),
    signingAlgorithm: SIGNING,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  writeFileSync(join(dir, 'ca.pem'), ca.toString('pem'));
  writeSecret(join(dir, 'ca-key.pem'), await pemKey(caKeys.privateKey));
  writeFileSync(join(dir, 'server-cert.pem'), server.toString('pem'));
  writeSecret(join(dir, 'server-key.pem'), await pemKey(serverKeys.privateKey));
}

/** The identity's seed file (created once) and its seed. */
function ensureUserSeed(credsDir: string, identity: DevBusIdentity): string {
  const file = join(credsDir, `${identity}.nk`);
  if (!existsSync(file)) writeSecret(file, `${new TextDecoder().decode(createUser().getSeed())}\n`);
  return readFileSync(file, 'utf8').trim();
}

const publicKeyOf = (seed: string): string => fromSeed(new TextEncoder().encode(seed)).getPublicKey();

/** Creates what is missing in `dir` (a present CA and keys are kept) and (re)writes the server configuration. */
export async function ensureDevBus(options: DevBusOptions): Promise<DevBus> {
  const host = options.host ?? '127.0.0.1';
  const dir = options.dir;
  const credsDir = join(dir, 'creds');
  const storeDir = options.storeDir ?? join(dir, 'jetstream');
  mkdirSync(credsDir, { recursive: true, mode: 0o700 });
  if (!options.storeDir) mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  if (!['ca.pem', 'ca-key.pem', 'server-cert.pem', 'server-key.pem'].every((f) => existsSync(join(dir, f)))) await createPki(dir, host);
  const seeds = Object.fromEntries(BUS_IDENTITIES.map((id) => [id, ensureUserSeed(credsDir, id)])) as Record<BusIdentity, string>;
  const userKeys = Object.fromEntries(BUS_IDENTITIES.map((id) => [id, publicKeyOf(seeds[id])])) as Record<BusIdentity, string>;
  const responderKeys = Object.fromEntries(RESPONDING_IDENTITIES.map((id) => [id, responderPublicKey(seeds[id])]));
  const unrestrictedKeys = options.harness ? [publicKeyOf(ensureUserSeed(credsDir, HARNESS_IDENTITY))] : [];
  const caFile = join(dir, 'ca.pem');
  const configFile = join(dir, 'nats-server.conf');
  writeFileSync(
    configFile,
    renderNatsServerConfig({
      host: options.listenHost ?? host,
      port: options.port,
      storeDir,
      tls: { certFile: join(dir, 'server-cert.pem'), keyFile: join(dir, 'server-key.pem'), caFile },
      userKeys,
      responderKeys,
      unrestrictedKeys,
    }),
  );
  const url = `tls://${host}:${options.port}`;
  const credsFile = (identity: DevBusIdentity): string => join(credsDir, `${identity}.nk`);
  return {
    dir,
    configFile,
    storeDir,
    caFile,
    url,
    credsFile,
    env: (identity) => ({ NATS_URL: url, NATS_CREDS_FILE: credsFile(identity), NATS_TLS_CA_FILE: caFile }),
  };
}
