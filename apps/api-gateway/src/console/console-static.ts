/**
 * The admin and compliance console: static files built by Vite into dist/apps/console, served at
 * /console on the gateway's own origin, so the browser app calls the API without any CORS exception.
 * The console has no server-side logic; a gateway built without it simply has no /console.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@tr4ction/telemetry';

/** dist/apps/api-gateway/src/console -> dist/apps/console */
export const CONSOLE_DIR = resolve(__dirname, '..', '..', '..', 'console');

/**
 * Same-origin scripts, styles and API calls only; nothing may frame the console. Trace links open
 * Jaeger in a new tab (navigation, which CSP does not restrict).
 */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function serveConsole(app: NestFastifyApplication, logger: Logger, dir = CONSOLE_DIR): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn({ dir }, 'console not built: /console is not served (npm run build builds it)');
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    // Without the trailing slash, so that with `redirect` /console answers 301 to /console/.
    prefix: '/console',
    redirect: true,
    // Another static registration (or Nest) may own reply.sendFile.
    decorateReply: false,
    schemaHide: true,
    // Set below, per file.
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('Content-Security-Policy', CONSOLE_CSP);
      // Bundles carry a content hash in their names; index.html must be revalidated to find new ones.
      void reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
