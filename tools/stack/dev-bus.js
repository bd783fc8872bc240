// `npm start`'s bus, secured the way production's must be: a development CA and server certificate,
// one nkey per identity (the five services and the CLI) and the nats-server configuration generated
// from the permission table, all in the git-ignored secrets folder (created once, then reused),
// and a nats-server of its own on DEV_BUS_PORT run with that configuration. Needs the build (the
// generator lives in libs/bus).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { resolveCommand } = require('./processes');

const DEV_BUS_DIR = path.join('.dev-secrets', 'bus');
/** Beside a shared anonymous NATS on 4222, never instead of it. */
const DEV_BUS_PORT = 4223;

/** Whether npm start runs its own secured bus: yes unless the operator named one (NATS_URL) or this is production. */
function wantsDevBus(env) {
  return !env.NATS_URL && env.ENVIRONMENT !== 'production';
}

/**
 * Writes the files and returns { command, args } for nats-server, the per-service environments,
 * and the CLI's env file (for `tr4ction --env-file`).
 */
async function prepareDevBus(root, env) {
  require(path.join(root, 'tools', 'runtime', 'register-paths.js'));
  const { ensureDevBus } = require('@tr4ction/bus');
  const dir = path.join(root, DEV_BUS_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const bus = await ensureDevBus({ dir, port: DEV_BUS_PORT });
  const natsServer = resolveCommand('nats-server', env);
  if (!natsServer) throw new Error('nats-server is not installed (apt-get install -y nats-server), or set NATS_URL to a bus of your own');
  const cliEnvFile = path.join(dir, 'cli.env');
  const cli = bus.env('cli');
  fs.writeFileSync(
    cliEnvFile,
    `${Object.entries(cli)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  return {
    url: bus.url,
    server: { name: 'nats', command: natsServer, args: ['-c', bus.configFile], stopLast: true },
    envFor: (service) => ({ ...env, ...bus.env(service) }),
    cliEnvFile,
  };
}

module.exports = { wantsDevBus, prepareDevBus, DEV_BUS_DIR, DEV_BUS_PORT };
