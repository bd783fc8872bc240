/**
 * Prometheus metrics of the gateway. Route labels use the route pattern (never the raw URL),
 * so label cardinality stays bounded whatever clients send.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tr4ction_http_request_duration_seconds',
    help: 'HTTP request latency at the gateway',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly problems = new Counter({
    name: 'tr4ction_http_problems_total',
    help: 'Problem responses by code',
    labelNames: ['code'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tr4ction_gateway_' });
  }
}
