#!/usr/bin/env node
// `npm run replay`: every service rebuilds its projections from its own event store (or, for
// audit-service, from the audit log), one service after the other, each as its own database role
// (the logins `npm start` gives the services; audit-service also gets its append-only writer login,
// which its temporal projections are written through). The same as running
// `npx nx run <service>:replay` for each service, with the right login for each. Stop the services
// first: a replay rebuilds a table in one transaction and would make live writers wait.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const preflight = require('./preflight');
const { ensureDevSecrets } = require('./dev-secrets');
const { prepareDatabaseRoles } = require('./dev-database-roles');
const { formatLine, useColor } = require('./log-format');
const { runStep, formatExit } = require('./processes');
const { serviceCommand, SERVICES } = require('./start');

const ROOT = path.resolve(__dirname, '..', '..');
/** The services with a database (api-gateway has none: its `main.js` knows no `replay` and would start serving). */
const REPLAYABLE = SERVICES.filter((s) => s !== 'api-gateway');

const USAGE = `Usage: npm run replay [-- --no-build] [-- <service> ...]

Rebuilds the projections of every service (or of the services named: ${REPLAYABLE.join(', ')}) from
the events, one service at a time, each signed in as its own database role.

  --no-build   use the existing dist/ (default: \`tsc -b tsconfig.build.json\` first)
  --help       this text

Environment: DATABASE_URL (default ${preflight.DEFAULT_DATABASE_URL}): a login that may create
the service roles (then each service replays as its own role), else used as given by every service.`;

function parseArgs(argv) {
  const options = { build: true, help: false, services: [] };
  for (const arg of argv) {
    if (arg === '--no-build') options.build = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (REPLAYABLE.includes(arg)) options.services.push(arg);
    else throw new Error(`Unknown option or service ${arg}\n\n${USAGE}`);
  }
  if (options.services.length === 0) options.services = [...REPLAYABLE];
  return options;
}

async function main(argv = process.argv.slice(2)) {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL || preflight.DEFAULT_DATABASE_URL };
  Object.assign(env, ensureDevSecrets(ROOT, env));
  const color = useColor(process.stdout);
  const print = (service, line) => process.stdout.write(`${formatLine(line, { service, color })}\n`);
  const say = (msg, level = 30) => print('replay', JSON.stringify({ level, time: Date.now(), msg }));

  if (options.build) {
    say('Building: npx tsc -b tsconfig.build.json');
    const built = await runStep('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, env });
    if (built.code !== 0) {
      say(`Build failed (${formatExit(built)}); nothing was replayed.`, 50);
      return 1;
    }
  }
  const roles = await prepareDatabaseRoles(ROOT, env.DATABASE_URL);
  if (!roles) say('The DATABASE_URL login may not create roles, so every service replays with it as given.', 40);

  for (const service of options.services) {
    const { command, args } = serviceCommand(service, ['replay']);
    if (!fs.existsSync(path.join(ROOT, args[2]))) {
      say(`${args[2]} does not exist: build first (run without --no-build).`, 50);
      return 1;
    }
    const started = Date.now();
    const done = await runStep(command, args, { cwd: ROOT, env: { ...env, ...(roles ? roles.envFor(service) : {}) }, onLine: (line) => print(service, line) });
    if (done.code !== 0) {
      say(`Replay of ${service} failed (${formatExit(done)}); its output is above. The services after it were not replayed.`, 50);
      return 1;
    }
    say(`${service} replayed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

module.exports = { main, parseArgs, REPLAYABLE, USAGE };
