/**
 * Every replica is independent: each process (the gateway and every service, and a second replica
 * of user-service) serves /health/live, /health/ready and its own /metrics on its management port,
 * every sample labelled with its service and instance, so Prometheus scrapes each replica and a
 * counter never jumps between replicas. Readiness follows that process's own NATS connection.
 */
import { freePort, ServiceStack, STACK_SERVICES, waitFor, type StackService } from '@tr4ction/testing';

interface Health {
  status: string;
  service: string;
  instance_id: string;
  checks?: Record<string, string>;
}

async function getJson(url: string): Promise<{ status: number; body: Health }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Health };
}

/** The value of the first sample of `name` whose labels include every one in `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(/\s+/).pop());
  }
  return undefined;
}

describe('management port: health and metrics of every replica', () => {
  let stack: ServiceStack;
  const ports = new Map<string, number>();

  beforeAll(async () => {
    for (const service of [...STACK_SERVICES, 'user-service-2']) ports.set(service, await freePort());
    stack = await ServiceStack.start({ envFor: (service: StackService) => ({ MANAGEMENT_PORT: String(ports.get(service)) }) });
    stack.launchReplica('user-service-2', 'user-service', { MANAGEMENT_PORT: String(ports.get('user-service-2')) });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const url = (process: string, path: string) => `http://127.0.0.1:${ports.get(process)}${path}`;

  it('each process answers live and ready with its own service name and instance id', async () => {
    const instances = new Set<string>();
    for (const process of ports.keys()) {
      const service = process.replace(/-2$/, '');
      const live = await waitFor(async () => (await getJson(url(process, '/health/live')).catch(() => undefined)) ?? undefined, {
        timeoutMs: 60_000,
        what: `${process} management port`,
      });
      expect(live).toMatchObject({ status: 200, body: { status: 'ok', service } });
      const ready = await waitFor(
        async () => {
          const r = await getJson(url(process, '/health/ready'));
          return r.status === 200 ? r : undefined;
        },
        { timeoutMs: 60_000, what: `${process} readiness` },
      );
      expect(ready.body.checks).toMatchObject({ postgres: 'up', nats: 'up' });
      expect(ready.body.instance_id).toBe(live.body.instance_id);
      instances.add(ready.body.instance_id);
    }
    expect(instances.size).toBe(ports.size);
  });

  it('each process serves its own metrics, labelled with service and instance; counters only grow per replica', async () => {
    for (const process of ports.keys()) {
      const service = process.replace(/-2$/, '');
      const { body: live } = await getJson(url(process, '/health/live'));
      const metricName = `tr4ction_${service === 'api-gateway' ? 'gateway' : service.replace(/-/g, '_')}_process_cpu_seconds_total`;
      const scrape = async () => (await fetch(url(process, '/metrics'))).text();
      const first = sample(await scrape(), metricName, { service, instance_id: live.instance_id });
      expect(first).toBeGreaterThan(0);
      const second = sample(await scrape(), metricName, { service, instance_id: live.instance_id });
      expect(second).toBeGreaterThanOrEqual(first!);
    }
    // The two user-service replicas are two series, not one that jumps between them.
    const a = await (await fetch(url('user-service', '/metrics'))).text();
    const b = await (await fetch(url('user-service-2', '/metrics'))).text();
    const idOf = (text: string) => /instance_id="([^"]+)"/.exec(text)?.[1];
    expect(idOf(a)).toBeDefined();
    expect(idOf(a)).not.toBe(idOf(b));
  });

  it('readiness turns 503 with nats down when that process loses NATS, and back when it returns', async () => {
    await stack.nats.pause();
    try {
      const down = await waitFor(
        async () => {
          const r = await getJson(url('audit-service', '/health/ready'));
          return r.status === 503 ? r : undefined;
        },
        { timeoutMs: 30_000, what: 'audit-service not ready without NATS' },
      );
      expect(down.body.checks).toMatchObject({ postgres: 'up', nats: 'down' });
      // Liveness is about the process, not its dependencies: an orchestrator must not restart it.
      expect((await getJson(url('audit-service', '/health/live'))).status).toBe(200);
    } finally {
      await stack.nats.resume();
    }
    await waitFor(async () => (await getJson(url('audit-service', '/health/ready'))).status === 200 || undefined, {
      timeoutMs: 60_000,
      what: 'audit-service ready again',
    });
  });

  it('answers an unknown path with 404 and a write with 405', async () => {
    expect((await fetch(url('api-gateway', '/nope'))).status).toBe(404);
    expect((await fetch(url('api-gateway', '/metrics'), { method: 'POST' })).status).toBe(405);
  });
});
