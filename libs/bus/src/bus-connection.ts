/**
 * How every process of the platform connects to NATS, in one place: the servers, its identity's
 * credential (an nkey seed file or a decentralised-auth `.creds` file), TLS, and a private inbox
 * prefix so replies to this identity can be read by nobody else.
 */
import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type Authenticator, type ConnectionOptions } from 'nats';
import { inboxPrefixFor, type BusIdentity, type BusLogin } from '@tr4ction/contracts';
import { responderSeed } from './responder-key';

/** The bus settings of the configuration (common keys of every service, the gateway and the CLI). */
export interface BusConfig {
  NATS_URL: string[];
  NATS_CREDS_FILE?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
  ENVIRONMENT?: string;
}

const CREDS_JWT_MARKER = '-----BEGIN NATS USER JWT-----';

/**
 * A `.creds` file (JWT + seed) or a file holding only the nkey seed (`SU...`). Read on each (re)connect.
 * The responder login of an nkey seed uses the key derived from it (`responder-key.ts`); a `.creds`
 * file serves both logins.
 */
export function authenticatorFromFile(file: string, login: BusLogin = 'main'): Authenticator {
  const read = (): Uint8Array => readFileSync(file);
  const text = readFileSync(file, 'utf8');
  if (text.includes(CREDS_JWT_MARKER)) return credsAuthenticator(read);
  if (!/^\s*SU[A-Z2-7]+\s*$/.test(text)) throw new Error('NATS_CREDS_FILE holds neither a .creds file nor a user nkey seed');
  const seed = (): string => readFileSync(file, 'utf8').trim();
  return nkeyAuthenticator(() => new TextEncoder().encode(login === 'main' ? seed() : responderSeed(seed())));
}

/** Whether the servers are reached over TLS (a CA given, or every URL says `tls://`). */
export function busUsesTls(config: BusConfig): boolean {
  return Boolean(config.NATS_TLS_CA_FILE) || (config.NATS_URL.length > 0 && config.NATS_URL.every((u) => u.startsWith('tls://')));
}

/**
 * What production refuses: an anonymous or plaintext bus. Names the variable, never its value.
 * A client certificate needs its key (and the other way round).
 */
export function busSecurityProblems(config: BusConfig): string[] {
  const problems: string[] = [];
  if (Boolean(config.NATS_TLS_CERT_FILE) !== Boolean(config.NATS_TLS_KEY_FILE)) problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together');
  if (config.ENVIRONMENT !== 'production') return problems;
  if (!config.NATS_CREDS_FILE) problems.push('NATS_CREDS_FILE is required in production (the bus must not be anonymous)');
  if (!busUsesTls(config)) problems.push('NATS_TLS_CA_FILE (or tls:// NATS_URL) is required in production (the bus must not be plaintext)');
  return problems;
}

/**
 * The nats.js options for one identity; Nest's NATS client and server take the same object. The
 * `responder` login is for Nest's NATS server of a service that answers requests (`BusPermission.serves`).
 */
export function busConnectionOptions(config: BusConfig, identity: BusIdentity, name: string = identity, login: BusLogin = 'main'): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: config.NATS_URL,
    name,
    inboxPrefix: inboxPrefixFor(identity),
    // nats.js otherwise captures a stack trace (an Error) for every request and every JetStream
    // publish, only to append it to a failure's stack; our errors are reported by code, not stack.
    noAsyncTraces: true,
  };
  if (config.NATS_CREDS_FILE) options.authenticator = authenticatorFromFile(config.NATS_CREDS_FILE, login);
  if (busUsesTls(config)) {
    options.tls = {
      ...(config.NATS_TLS_CA_FILE ? { caFile: config.NATS_TLS_CA_FILE } : {}),
      ...(config.NATS_TLS_CERT_FILE ? { certFile: config.NATS_TLS_CERT_FILE } : {}),
      ...(config.NATS_TLS_KEY_FILE ? { keyFile: config.NATS_TLS_KEY_FILE } : {}),
    };
  }
  return options;
}
