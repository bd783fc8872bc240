/**
 * /metrics for the whole platform: the gateway's own registry plus each service's, asked over
 * request/reply in parallel with a short deadline, merged with a `service` label. A service that
 * does not answer in time is left out and reported by `tr4ction_scrape_up 0`, so a down service
 * never breaks the scrape of the others.
 */
import { RPC, SERVICES, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { mergeExpositions, processMetricsExposition, type ServiceExposition } from '@tr4ction/telemetry';
import type { GatewayMetrics } from './gateway-metrics';

export const SERVICE_SCRAPE_TIMEOUT_MS = 1500;
const SCRAPER: RequestMeta = { actor: { type: 'system', id: 'metrics' } };

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise.catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}

function upFamily(up: Array<[string, boolean]>): ServiceExposition[] {
  const lines = ["# HELP tr4ction_scrape_up Whether the service answered the gateway's metrics scrape in time", '# TYPE tr4ction_scrape_up gauge'];
  return up.map(([service, ok]) => ({ service, text: `${lines.join('\n')}\ntr4ction_scrape_up ${ok ? 1 : 0}\n` }));
}

export async function scrapePlatform(rpc: RpcClient, gateway: GatewayMetrics, timeoutMs = SERVICE_SCRAPE_TIMEOUT_MS): Promise<string> {
  const [own, shared, ...services] = await Promise.all([
    gateway.registry.metrics(),
    processMetricsExposition(),
    ...SERVICES.map((s) => within(rpc.send(RPC.metrics(s), SCRAPER, {}, timeoutMs), timeoutMs)),
  ]);
  const parts: ServiceExposition[] = [
    { service: 'api-gateway', text: own },
    { service: 'api-gateway', text: shared.text },
  ];
  const up: Array<[string, boolean]> = [['api-gateway', true]];
  SERVICES.forEach((service, i) => {
    const answer = services[i];
    const ok = typeof answer?.text === 'string';
    up.push([service, ok]);
    if (ok) parts.push({ service, text: answer.text });
  });
  return mergeExpositions([...parts, ...upFamily(up)]);
}
