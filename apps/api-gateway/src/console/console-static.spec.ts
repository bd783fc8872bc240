import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@tr4ction/telemetry';
import { serveConsole } from './console-static';

describe(serveConsole.name, () => {
  let dir: string;
  let fastify: FastifyInstance;

  /** Nest's register passes the plugin on to Fastify; a bare Fastify instance stands in for the app. */
  const asApp = (f: FastifyInstance) => ({ register: (plugin: never, options: never) => f.register(plugin, options) }) as unknown as NestFastifyApplication;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-static-'));
    fastify = Fastify();
  });

  afterEach(async () => {
    await fastify.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html revalidated and hashed assets immutable, both under a strict CSP, and redirects /console', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export {};');
    expect(await serveConsole(asApp(fastify), createLogger('test', 'silent'), dir)).toBe(true);

    const index = await fastify.inject('/console/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const asset = await fastify.inject('/console/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const bare = await fastify.inject('/console');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
    expect((await fastify.inject('/console/../package.json')).statusCode).not.toBe(200);
  });

  it('serves nothing, and says so, when the console was not built', async () => {
    expect(await serveConsole(asApp(fastify), createLogger('test', 'silent'), dir)).toBe(false);
    expect((await fastify.inject('/console/')).statusCode).toBe(404);
  });
});
