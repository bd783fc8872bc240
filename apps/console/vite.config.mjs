// The console's build: static files under dist/apps/console, served by api-gateway at /console.
// `npx nx run console:serve` starts Vite's dev server and proxies the API to a local gateway.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.CONSOLE_API_URL || 'http://127.0.0.1:8000';
const api = Object.fromEntries(['/auth', '/admin', '/audit', '/health'].map((p) => [p, gateway]));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(here, '..', '..', 'dist', 'apps', 'console'),
    emptyOutDir: true,
    // Inline nothing: the gateway's Content-Security-Policy allows same-origin files only.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy: api },
});
