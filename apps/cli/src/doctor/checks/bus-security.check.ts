/**
 * The bus is authenticated, encrypted and least-privilege: this deployment's NATS_CREDS_FILE holds a
 * credential (an nkey seed or a .creds file; never printed), TLS is configured (a CA file, or
 * tls:// servers), and when the bus answers, the server refuses this credential a subscription to
 * every subject, so per-identity permissions are in force (an open server would accept it).
 */
import { readFileSync } from 'node:fs';
import { listValue } from '../env-values';
import { fail, pass, type CheckOutcome, type DoctorCheck } from '../doctor-check';

const PROBE_TIMEOUT_MS = 5000;

function readable(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function configProblems(env: NodeJS.ProcessEnv): { problems: string[]; fixes: string[] } {
  const problems: string[] = [];
  const fixes: string[] = [];
  const creds = env.NATS_CREDS_FILE?.trim();
  if (!creds) {
    problems.push('NATS_CREDS_FILE is not set: the bus connection is anonymous');
    fixes.push('give each service and the CLI its own credential in NATS_CREDS_FILE (docs/security.md)');
  } else {
    const text = readable(creds);
    if (text === undefined) problems.push('NATS_CREDS_FILE cannot be read');
    else if (!text.includes('-----BEGIN NATS USER JWT-----') && !/^\s*SU[A-Z2-7]+\s*$/.test(text))
      problems.push('NATS_CREDS_FILE holds neither a .creds file nor a user nkey seed');
    if (problems.length) fixes.push('point NATS_CREDS_FILE at a readable nkey seed or .creds file');
  }
  const servers = listValue(env.NATS_URL);
  const ca = env.NATS_TLS_CA_FILE?.trim();
  if (ca && readable(ca) === undefined) {
    problems.push('NATS_TLS_CA_FILE cannot be read');
    fixes.push('point NATS_TLS_CA_FILE at the PEM of the CA that signed the NATS servers');
  } else if (!ca && !(servers.length && servers.every((u) => u.startsWith('tls://')))) {
    problems.push('neither NATS_TLS_CA_FILE nor tls:// servers: the bus is plaintext');
    fixes.push('enable TLS on nats-server and set NATS_TLS_CA_FILE (or tls:// NATS_URL)');
  }
  if (Boolean(env.NATS_TLS_CERT_FILE?.trim()) !== Boolean(env.NATS_TLS_KEY_FILE?.trim())) {
    problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together');
    fixes.push('set both or neither');
  }
  return { problems, fixes };
}

/**
 * Whether the server refuses this credential `sub >` (permissions in force), or undefined when the
 * bus does not answer. On a connection of its own, closed at once, so the refusal stays out of the
 * CLI's other connection and its logs.
 */
async function permissionsEnforced(env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  const { connect } = await import('nats');
  const { busConnectionOptions } = await import('@tr4ction/messaging');
  const bus = {
    NATS_URL: listValue(env.NATS_URL ?? 'nats://127.0.0.1:4222'),
    NATS_CREDS_FILE: env.NATS_CREDS_FILE?.trim(),
    NATS_TLS_CA_FILE: env.NATS_TLS_CA_FILE?.trim() || undefined,
    NATS_TLS_CERT_FILE: env.NATS_TLS_CERT_FILE?.trim() || undefined,
    NATS_TLS_KEY_FILE: env.NATS_TLS_KEY_FILE?.trim() || undefined,
  };
  let nc;
  try {
    nc = await connect({ ...busConnectionOptions(bus, 'cli', 'tr4ction-doctor'), reconnect: false, timeout: PROBE_TIMEOUT_MS });
  } catch {
    return undefined;
  }
  try {
    const statuses = nc.status();
    const refused = (async () => {
      for await (const s of statuses) {
        const context = (s as { permissionContext?: { subject: string } }).permissionContext;
        if (context?.subject === '>') return true;
      }
      return false;
    })();
    nc.subscribe('>', { callback: () => undefined });
    await nc.flush();
    let timer: NodeJS.Timeout | undefined;
    const verdict = await Promise.race([refused, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), PROBE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    return verdict;
  } finally {
    await nc.close();
  }
}

export const busSecurityCheck: DoctorCheck = {
  id: 'bus-security',
  title: 'NATS: a credential per identity, TLS, per-identity permissions enforced',
  async run(ctx): Promise<CheckOutcome> {
    const { problems, fixes } = configProblems(ctx.env);
    if (problems.length) return fail(problems.join('; '), fixes.join('; '));
    const enforced = await permissionsEnforced(ctx.env);
    if (enforced === false)
      return fail(
        'the NATS server let this credential subscribe to every subject: permissions are not in force',
        'configure nats-server with the generated permissions (docs/security.md)',
      );
    const live = enforced ? 'the server refuses this credential a subscription to everything' : 'the bus did not answer, so permissions were not probed';
    return pass(`credential file set, TLS configured; ${live}`);
  },
};
