// Installs the npm dependencies when they are missing or do not match the lock file, so that
// `npm start` and `npm test` work on a fresh clone. Runs before anything requires a dependency,
// hence node built-ins only.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Compares package-lock.json with node_modules/.package-lock.json (what npm last installed).
 * Resolves { fresh: true } or { fresh: false, reason }. Optional packages for other platforms are
 * absent from the installed list by design, so they only count when installed at another version.
 */
function dependencyState(root) {
  const lock = readJson(path.join(root, 'package-lock.json'));
  if (!lock || !lock.packages) return { fresh: false, reason: 'package-lock.json is missing or unreadable' };
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'));
  if (!installed || !installed.packages) return { fresh: false, reason: 'node_modules is missing' };
  for (const [key, wanted] of Object.entries(lock.packages)) {
    if (key === '') continue;
    const have = installed.packages[key];
    if (!have) {
      if (wanted.optional) continue;
      return { fresh: false, reason: `${key} is not installed` };
    }
    if (wanted.version !== have.version || (wanted.integrity && have.integrity && wanted.integrity !== have.integrity)) {
      return { fresh: false, reason: `${key} is ${have.version ?? 'linked'}, the lock file wants ${wanted.version ?? 'a link'}` };
    }
  }
  for (const key of Object.keys(installed.packages)) {
    if (!lock.packages[key]) return { fresh: false, reason: `${key} is installed but no longer in the lock file` };
  }
  return { fresh: true };
}

/**
 * Runs `npm ci` when the dependencies are not fresh. Returns { installed: boolean } or throws with
 * a readable message; npm's own output goes straight to the terminal.
 */
function ensureDependencies(root, { log = console.log, run = spawnSync } = {}) {
  const state = dependencyState(root);
  if (state.fresh) return { installed: false };
  log(`Installing the npm dependencies (${state.reason}): npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = run(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`npm ci could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm ci failed (exit ${result.status ?? result.signal}); its output is above.`);
  return { installed: true };
}

module.exports = { dependencyState, ensureDependencies };
