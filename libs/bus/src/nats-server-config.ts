/**
 * The nats-server configuration derived from the bus permission table: TLS required, one nkey user
 * per identity with exactly its rights (and, for an identity that answers requests, a second one for
 * its responder login), no anonymous user, JetStream in its own store. The same
 * generator serves `npm start`, the test stacks, the bench and compose.
 */
import { BUS_IDENTITIES, BUS_PERMISSIONS, type BusIdentity } from '@tr4ction/contracts';

export interface NatsServerConfigInput {
  host: string;
  port: number;
  storeDir: string;
  tls: { certFile: string; keyFile: string; caFile: string };
  /** Each identity's public user nkey (`U...`). */
  userKeys: Record<BusIdentity, string>;
  /** The responder login's public nkey of each identity that serves requests (`responderPublicKey`). */
  responderKeys: Partial<Record<BusIdentity, string>>;
  /**
   * Public nkeys with every right: only for test harnesses that inject into or inspect the bus
   * (never written by `npm start` or compose).
   */
  unrestrictedKeys?: string[];
  serverName?: string;
}

/** How long a responder may answer a request it received (`allow_responses`). */
const RESPONSE_WINDOW = '2m';

/** The main login: the table's row, and no response rights (see `BusPermission.serves`). */
function userEntry(identity: BusIdentity, nkey: string): Record<string, unknown> {
  const p = BUS_PERMISSIONS[identity];
  return { nkey, permissions: { publish: { allow: p.publish }, subscribe: { allow: p.subscribe } } };
}

/** The responder login: receives the subjects the identity serves and answers each request once. */
function responderEntry(identity: BusIdentity, nkey: string | undefined): Record<string, unknown>[] {
  const p = BUS_PERMISSIONS[identity];
  if (p.serves.length === 0) return [];
  if (!nkey) throw new Error(`no responder key for ${identity}, which serves ${p.serves.join(' ')}`);
  return [
    {
      nkey,
      permissions: { publish: { deny: ['>'] }, subscribe: { allow: p.serves }, allow_responses: { max: 1, expires: RESPONSE_WINDOW } },
    },
  ];
}

/** nats-server reads JSON as configuration; quoted strings are taken literally (`$JS...` stays). */
export function renderNatsServerConfig(input: NatsServerConfigInput): string {
  const users = [
    ...BUS_IDENTITIES.flatMap((id) => [userEntry(id, input.userKeys[id]), ...responderEntry(id, input.responderKeys[id])]),
    ...(input.unrestrictedKeys ?? []).map((nkey) => ({ nkey })),
  ];
  const config = {
    server_name: input.serverName ?? 'tr4ction-dev',
    host: input.host,
    port: input.port,
    jetstream: { store_dir: input.storeDir },
    tls: { cert_file: input.tls.certFile, key_file: input.tls.keyFile, ca_file: input.tls.caFile, timeout: 5 },
    authorization: { users },
  };
  return `# Generated from libs/contracts/src/bus/bus-permissions.ts: edit the table, not this file.\n${JSON.stringify(config, null, 2)}\n`;
}
