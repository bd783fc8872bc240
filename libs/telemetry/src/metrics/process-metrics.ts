/**
 * One Prometheus registry per process. Services have no HTTP port: their registry's text is
 * served over request/reply and merged by the gateway's /metrics under a `service` label.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsExposition } from '@tr4ction/contracts';

let registry: Registry | undefined;
let collecting = false;

export function processMetricsRegistry(): Registry {
  return (registry ??= new Registry());
}

/** Node's process metrics (CPU, memory, event loop, GC), once per process, prefixed by service. */
export function collectProcessMetrics(service: string): void {
  if (collecting) return;
  collecting = true;
  collectDefaultMetrics({ register: processMetricsRegistry(), prefix: `tr4ction_${service.replace(/[^a-zA-Z0-9]/g, '_')}_` });
}

export type { MetricsExposition };

export async function processMetricsExposition(): Promise<MetricsExposition> {
  const r = processMetricsRegistry();
  return { content_type: r.contentType, text: await r.metrics() };
}

/** Serves a feature's own registry through the process's too (metrics may sit in several registries). */
export function adoptIntoProcessRegistry(registry: Registry): void {
  const target = processMetricsRegistry();
  for (const { name } of registry.getMetricsAsArray()) {
    const metric = registry.getSingleMetric(name);
    if (metric && !target.getSingleMetric(name)) target.registerMetric(metric);
  }
}
