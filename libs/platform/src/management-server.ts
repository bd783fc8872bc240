/**
 * Each replica's management port: `/health/live` (the process answers), `/health/ready` (its own
 * Postgres and NATS answer, plus any service-specific check) and `/metrics` (this process's
 * registry, every sample labelled with `service` and `instance_id`), so an orchestrator probes and
 * Prometheus scrapes every replica on its own. A plain node:http server apart from the API: it
 * answers even when the API's routes are saturated, and it is never exposed with them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { mergeExpositions, type Logger } from '@tr4ction/telemetry';

export const READINESS_CHECK_TIMEOUT_MS = 1500;

/** Resolves true when the dependency answers; a throw or a timeout counts as down. */
export type ReadinessProbe = () => Promise<boolean>;

export interface ManagementServerOptions {
  service: string;
  host: string;
  /** 0: no management server. */
  port: number;
  /** Named checks, all must pass for /health/ready (e.g. postgres, nats). */
  checks: Record<string, ReadinessProbe>;
  /** Prometheus text expositions of this process (several registries are merged). */
  metrics: () => Promise<string[]>;
  logger: Logger;
}

export interface ManagementServer {
  /** The bound port (the configured one). */
  port: number;
  instance: string;
  close(): Promise<void>;
}

function within(probe: ReadinessProbe, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([probe().catch(() => false), deadline]).finally(() => clearTimeout(timer));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The instance id: stable across restarts of the same replica (host name and port), unique per process. */
export function instanceId(port: number): string {
  return `${hostname()}:${port}`;
}

export async function startManagementServer(options: ManagementServerOptions): Promise<ManagementServer | undefined> {
  if (options.port === 0) return undefined;
  const instance = instanceId(options.port);
  const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { status: 405, title: 'Method Not Allowed' });
    if (path === '/health/live') return json(res, 200, { status: 'ok', service: options.service, instance_id: instance });
    if (path === '/health/ready') {
      const names = Object.keys(options.checks);
      const results = await Promise.all(names.map((name) => within(options.checks[name], READINESS_CHECK_TIMEOUT_MS)));
      const checks = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
      const ok = results.every(Boolean);
      return json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', service: options.service, instance_id: instance, checks });
    }
    if (path === '/metrics') {
      const texts = await options.metrics();
      const body = mergeExpositions(texts.map((text) => ({ service: options.service, instance, text })));
      return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', body);
    }
    return json(res, 404, { status: 404, title: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger.warn({ err: (err as Error).message }, 'management request failed');
      if (!res.headersSent) json(res, 500, { status: 500, title: 'Internal Server Error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ host: options.host, port, instance_id: instance }, 'management port listening (/health/live, /health/ready, /metrics)');
  return {
    port,
    instance,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
