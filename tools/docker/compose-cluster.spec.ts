// Static checks of docker/compose.cluster.yml (no Docker engine here): valid against the Compose
// Specification schema, and the topology the cluster promises: three NATS nodes routed to each other
// with R3 streams, two replicas of every service behind one load balancer (the only published
// API port), everything through PgBouncer in transaction mode, Jaeger v2, and every environment
// name one that libs/config (or a named outside reader) knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditServiceSchema, authServiceSchema, gatewaySchema, rotationServiceSchema, userServiceSchema, type Schema } from '@tr4ction/config';
import { buildValidator, commandOf, dependencies, envOf, explain, forSchema, OUTSIDE_READERS, parseCompose, type ComposeFile } from './compose-schema';

const repoRoot = join(__dirname, '..', '..');
const doc = parseCompose(readFileSync(join(repoRoot, 'docker', 'compose.cluster.yml'), 'utf8')) as ComposeFile;
const SCHEMAS: Record<string, Schema> = {
  'api-gateway': gatewaySchema,
  'auth-service': authServiceSchema,
  'user-service': userServiceSchema,
  'audit-service': auditServiceSchema,
  'rotation-service': rotationServiceSchema,
};
const SERVICES = Object.keys(SCHEMAS);
const NATS_NODES = ['nats1', 'nats2', 'nats3'];

describe('docker/compose.cluster.yml', () => {
  it('is valid against the Compose Specification schema, as project tr4ction-cluster', () => {
    const validate = buildValidator();
    const ok = validate(forSchema(doc));
    expect(explain(validate.errors)).toBe('');
    expect(ok).toBe(true);
    expect(doc.name).toBe('tr4ction-cluster');
  });

  it('runs three NATS nodes with JetStream, each routed to the two others, in one cluster', () => {
    for (const node of NATS_NODES) {
      const cmd = commandOf(doc.services[node]);
      expect(cmd).toEqual(expect.arrayContaining(['-js', '--name', node, '--cluster_name', 'tr4ction']));
      const routes = cmd[cmd.indexOf('--routes') + 1]
        .split(',')
        .map((r) => new URL(r).hostname)
        .sort();
      expect(routes).toEqual(NATS_NODES.filter((n) => n !== node));
      expect(doc.services[node].volumes).toContain(`${node}data:/data`);
    }
  });

  it.each(SERVICES)('%s runs two replicas, knows every NATS node, creates R3 streams and goes through PgBouncer', (name) => {
    const svc = doc.services[name];
    const env = envOf(svc);
    expect(svc.deploy?.replicas).toBe(2);
    expect(env['NATS_URL'].split(',').map((u) => new URL(u).hostname)).toEqual(NATS_NODES);
    expect(env['NATS_STREAM_REPLICAS']).toBe('3');
    // Its own role's URL from db-init, which names PgBouncer for the services.
    expect(env['DATABASE_URL']).toBeUndefined();
    expect(env['DATABASE_URL_FILE']).toBe(`/run/secrets/database_url.${name}`);
    const init = commandOf(doc.services['db-init']);
    const db = new URL(init[init.indexOf('--service-url') + 1]);
    expect([db.hostname, db.port, db.password]).toEqual(['pgbouncer', '6432', '']);
    expect(env['MANAGEMENT_HOST']).toBe('0.0.0.0');
    expect(svc.healthcheck?.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.js']);
    expect(svc.ports).toBeUndefined();
    expect(dependencies(svc)).toMatchObject({
      'secrets-init': 'service_completed_successfully',
      'db-init': 'service_completed_successfully',
      pgbouncer: 'service_started',
    });
  });

  it.each(SERVICES)('%s sets only environment names its configuration schema (or a named outside reader) reads', (name) => {
    const known = new Set([...Object.keys(SCHEMAS[name]), ...OUTSIDE_READERS]);
    expect(Object.keys(envOf(doc.services[name])).filter((k) => !known.has(k))).toEqual([]);
  });

  it('publishes the API only through the load balancer, whose address the gateways trust', () => {
    const lb = doc.services['lb'];
    expect(lb.ports).toEqual(['127.0.0.1:8000:8080']);
    const lbAddress = (lb.networks as Record<string, { ipv4_address?: string }>)['default'].ipv4_address;
    expect(envOf(doc.services['api-gateway'])['TRUSTED_PROXIES']).toBe(lbAddress);
    const conf = readFileSync(join(repoRoot, 'docker', 'cluster', 'nginx.conf'), 'utf8');
    expect(conf).toMatch(/server api-gateway:8000/);
    const published = Object.entries(doc.services)
      .filter(([, s]) => s.ports?.length)
      .map(([n]) => n)
      .sort();
    expect(published).toEqual(['jaeger', 'lb']);
  });

  it('pools in transaction mode, each login its own server connections, the auth file written by db-init', () => {
    const ini = readFileSync(join(repoRoot, 'docker', 'cluster', 'pgbouncer.ini'), 'utf8');
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    // No user on the entry: a server connection logs in as its client did (each service's role).
    expect(ini).toMatch(/^\* = host=postgres port=5432$/m);
    expect(ini).toMatch(/^auth_file = \/run\/secrets\/pgbouncer_userlist\.txt$/m);
    const init = commandOf(doc.services['db-init']);
    expect(init[init.indexOf('--pgbouncer-userlist') + 1]).toBe('/run/secrets/pgbouncer_userlist.txt');
    expect(new URL(init[init.indexOf('--admin-url') + 1]).hostname).toBe('postgres');
    expect(dependencies(doc.services['pgbouncer'])['db-init']).toBe('service_completed_successfully');
    expect(envOf(doc.services['audit-service'])['AUDIT_DATABASE_URL_FILE']).toBe('/run/secrets/audit_database_url');
    expect(doc.services['pgbouncer'].volumes).toContain('secrets:/run/secrets:ro');
  });

  it('traces to Jaeger v2', () => {
    expect(doc.services['jaeger'].image).toMatch(/^jaegertracing\/jaeger:2\./);
    for (const name of SERVICES) expect(new URL(envOf(doc.services[name])['OTEL_EXPORTER_OTLP_ENDPOINT']).host).toBe('jaeger:4318');
  });
});
