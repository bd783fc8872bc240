// Static checks of docker/k8s/tr4ction.yaml (no cluster here): every service is a Deployment of two
// replicas whose probes call /health/live and /health/ready on the port its MANAGEMENT_PORT names,
// with resource requests at least its measured idle footprint, a PodDisruptionBudget, environment
// names that libs/config (or a named outside reader) reads, and NetworkPolicies under which only
// the gateway's API port is open to the outside.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  auditServiceSchema,
  authServiceSchema,
  gatewaySchema,
  MANAGEMENT_PORTS,
  rotationServiceSchema,
  userServiceSchema,
  type Schema,
} from '@tr4ction/config';
import { OUTSIDE_READERS } from './compose-schema';

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    minAvailable?: number;
    selector?: { matchLabels?: Record<string, string> };
    podSelector?: { matchLabels?: Record<string, string> };
    policyTypes?: string[];
    ingress?: Array<{ from?: unknown[]; ports?: Array<{ port: string | number }> }>;
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
  };
}

const SCHEMAS: Record<keyof typeof MANAGEMENT_PORTS, Schema> = {
  'api-gateway': gatewaySchema,
  'auth-service': authServiceSchema,
  'user-service': userServiceSchema,
  'audit-service': auditServiceSchema,
  'rotation-service': rotationServiceSchema,
};
const SERVICES = Object.keys(SCHEMAS) as Array<keyof typeof MANAGEMENT_PORTS>;
const repoRoot = join(__dirname, '..', '..');
const docs = parseAllDocuments(readFileSync(join(repoRoot, 'docker', 'k8s', 'tr4ction.yaml'), 'utf8'));
const resources = docs.map((d) => {
  if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
  return d.toJS() as Resource;
});
const of = (kind: string) => resources.filter((r) => r.kind === kind);
const config = of('ConfigMap').find((c) => c.metadata.name === 'tr4ction-config')!;

/** Idle RSS per service from the newest footprint table of bench/README.md, in MiB. */
function idleRssMiB(service: string): number {
  const rows = readFileSync(join(repoRoot, 'bench', 'README.md'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(`idle RSS ${service} `));
  const mb = Number(/\|\s+(\d+) MB\s+\|/.exec(rows[rows.length - 1] ?? '')?.[1]);
  if (!Number.isFinite(mb)) throw new Error(`no idle RSS figure for ${service} in bench/README.md`);
  return (mb * 1e6) / 2 ** 20;
}

function mebibytes(quantity: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!m) throw new Error(`unexpected quantity ${quantity}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

describe('docker/k8s/tr4ction.yaml', () => {
  it('parses as Kubernetes resources, each with an apiVersion, kind and name', () => {
    expect(resources.length).toBeGreaterThan(10);
    for (const r of resources) expect(r.apiVersion && r.kind && r.metadata?.name).toBeTruthy();
  });

  describe.each(SERVICES)('%s', (service) => {
    const deployment = of('Deployment').find((d) => d.metadata.name === service)!;
    const container = deployment?.spec?.template?.spec.containers[0] as Container;
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? '']));

    it('is a Deployment of two replicas running its own image', () => {
      expect(deployment.spec?.replicas).toBe(2);
      expect(container.image).toMatch(new RegExp(`^tr4ction-${service}:`));
      expect(env['SERVICE']).toBe(service);
    });

    it('probes /health/live and /health/ready on the port MANAGEMENT_PORT names', () => {
      const port = Number(env['MANAGEMENT_PORT']);
      expect(port).toBe(MANAGEMENT_PORTS[service]);
      expect(container.ports).toContainEqual({ name: 'management', containerPort: port });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'management' });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'management' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'management' });
      expect(config.data?.['MANAGEMENT_HOST']).toBe('0.0.0.0');
    });

    it('sets only environment names its configuration schema (or a named outside reader) reads', () => {
      const known = new Set([...Object.keys(SCHEMAS[service]), ...OUTSIDE_READERS, 'SERVICE']);
      const names = [
        ...Object.keys(env),
        ...(container.envFrom?.some((e) => e.configMapRef?.name === 'tr4ction-config') ? Object.keys(config.data ?? {}) : []),
      ];
      expect(names.filter((n) => !known.has(n))).toEqual([]);
    });

    it('requests at least its measured idle memory, with a higher limit, and runs read-only', () => {
      const requested = mebibytes(container.resources?.requests?.memory ?? '');
      expect(requested).toBeGreaterThanOrEqual(idleRssMiB(service));
      expect(mebibytes(container.resources?.limits?.memory ?? '')).toBeGreaterThan(requested);
      expect(container.resources?.requests?.cpu).toMatch(/^\d+m$/);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    });

    it('has a PodDisruptionBudget that keeps one replica during a voluntary disruption', () => {
      const pdb = of('PodDisruptionBudget').find((p) => p.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === service);
      expect(pdb?.spec?.minAvailable).toBe(1);
      expect(deployment.spec?.template?.metadata.labels['app.kubernetes.io/name']).toBe(service);
    });
  });

  it('lets only the gateway be reached from outside: default deny, its API port open, management from monitoring', () => {
    const policies = of('NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny-ingress');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const open = policies.filter((p) => (p.spec?.ingress ?? []).some((rule) => rule.from === undefined));
    expect(open.map((p) => p.spec?.podSelector?.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'api-gateway' }]);
    expect(open[0].spec?.ingress?.[0].ports).toEqual([{ port: 'http' }]);
    const management = policies.find((p) => p.metadata.name === 'management-from-monitoring');
    expect(management?.spec?.ingress?.[0].ports).toEqual([{ port: 'management' }]);
    expect(of('Service').map((s) => s.metadata.name)).toEqual(['api-gateway']);
  });
});
