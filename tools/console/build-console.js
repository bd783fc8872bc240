#!/usr/bin/env node
// Builds the admin console (apps/console, React + Vite) into dist/apps/console, which api-gateway
// serves at /console. Every path that builds the stack calls this after `tsc -b` (npm run build,
// npm start, npm test, the e2e globalSetup), so it must be cheap when nothing changed: the inputs
// are hashed and the build is skipped when the hash matches the one stamped on the last build.
// `--force` builds anyway.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const APP = path.join(ROOT, 'apps', 'console');
const OUT = path.join(ROOT, 'dist', 'apps', 'console');
const STAMP = path.join(ROOT, 'dist', 'console-build.sha256');
/** Files outside apps/console that change the output. */
const EXTRA_INPUTS = ['package-lock.json', __filename];

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

function inputsHash() {
  const hash = crypto.createHash('sha256');
  const files = [...listFiles(APP), ...EXTRA_INPUTS.map((f) => path.resolve(ROOT, f))].sort();
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function upToDate(hash) {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === hash && fs.existsSync(path.join(OUT, 'index.html'));
  } catch {
    return false;
  }
}

async function buildConsole({ force = false, log = (m) => process.stdout.write(`${m}\n`) } = {}) {
  if (!fs.existsSync(path.join(APP, 'index.html'))) {
    // A tree without the console's sources (a trimmed copy): the gateway then serves no /console.
    log('console: apps/console not present, nothing to build');
    return { built: false };
  }
  const hash = inputsHash();
  if (!force && upToDate(hash)) {
    log('console: up to date (dist/apps/console)');
    return { built: false };
  }
  const started = Date.now();
  // Vite does not type-check; the console's own tsconfig does (browser libs, JSX, bundler resolution).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(APP, 'tsconfig.json'), '--noEmit'], { cwd: ROOT, stdio: 'inherit' });
  const { build } = await import('vite');
  await build({ configFile: path.join(APP, 'vite.config.mjs'), logLevel: 'warn' });
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, `${hash}\n`);
  log(`console: built dist/apps/console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true };
}

module.exports = { buildConsole, inputsHash };

if (require.main === module) {
  buildConsole({ force: process.argv.includes('--force') }).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`console build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
