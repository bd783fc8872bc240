#!/usr/bin/env node
// `npm test`: build, unit, integration and e2e stages in order, stopping at the first failure
// with its exit code, then one summary line per stage. Extra arguments go to every jest stage
// (`npm test -- --runInBand`). Postgres and NATS are checked (and started when local) before
// the integration stage, the same way `npm start` does it (an embedded Postgres when none answers
// and DATABASE_URL is not set; it runs until the last stage ends). The npm dependencies are
// installed first when missing or stale: node built-ins only until then.
'use strict';

const path = require('node:path');
const { ensureDependencies } = require('../stack/dependencies');
const preflight = require('../stack/preflight');
const { runStep, spawnChild, terminateAll, killAllNow, exitStatus, formatExit } = require('../stack/processes');

const ROOT = path.resolve(__dirname, '..', '..');

function isCi(env = process.env) {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The stages to run, in order. `preflight` marks the servers check that precedes a stage. */
function stages(extraArgs = [], env = process.env) {
  const jestArgs = [...(isCi(env) && !extraArgs.includes('--ci') ? ['--ci'] : []), ...extraArgs];
  const jest = (config) => ['jest', '-c', config, ...jestArgs];
  // Stages with a `lane` next to each other run at the same time, each lane in its order, their
  // output held and printed whole as each stage ends: the static checks are single-threaded, so on
  // two cores three lanes take about half their summed time.
  return [
    { name: 'build', command: 'npx', args: ['tsc', '-b', 'tsconfig.build.json'] },
    // The specs are compiled by swc without type checks: this stage type-checks them with the code.
    { name: 'typecheck', lane: 'types', command: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
    // The admin console (Vite); skipped in a fraction of a second when its inputs did not change.
    { name: 'console', lane: 'format', command: process.execPath, args: ['tools/console/build-console.js'] },
    // Lint includes the Nx module-boundary rule, which needs the project graph computed first.
    { name: 'project-graph', lane: 'lint', command: 'npx', args: ['nx', 'show', 'projects'], env: { NX_DAEMON: 'false' } },
    { name: 'lint', lane: 'lint', command: 'npx', args: ['eslint', 'apps', 'libs', 'test', 'tools'], env: { NX_DAEMON: 'false' } },
    // The house format (Prettier, .prettierrc.json): `npm run format` writes it.
    { name: 'format', lane: 'format', command: 'npx', args: ['prettier', '--check', '--log-level', 'warn', '**/*.{ts,tsx,js,mjs,cjs}'] },
    // docs/api/openapi.json, docs/api.md and the generated client types match the gateway's code; the document lints clean.
    {
      name: 'api-contract',
      lane: 'format',
      command: process.execPath,
      args: ['-r', './tools/runtime/register-paths.js', 'dist/tools/api/write-openapi.js', '--check'],
    },
    { name: 'unit', command: 'npx', args: jest('jest.unit.config.js') },
    { name: 'integration', command: 'npx', args: jest('jest.integration.config.js'), preflight: true },
    { name: 'e2e', command: 'npx', args: jest('jest.e2e.config.js') },
  ];
}

/** The plan as steps: a stage alone, or the stages of consecutive lanes together. */
function steps(plan) {
  const out = [];
  for (const stage of plan) {
    const last = out[out.length - 1];
    if (stage.lane && last && last[0].lane) last.push(stage);
    else out.push([stage]);
  }
  return out;
}

function seconds(ms) {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${(s % 60).toFixed(1).padStart(4, '0')} s`;
}

function summaryLines(results) {
  const width = Math.max(...results.map((r) => r.name.length));
  return results.map((r) => {
    const head = `  ${r.outcome.padEnd(4)}  ${r.name.padEnd(width)}`;
    if (r.outcome === 'SKIP') return head.trimEnd();
    const note = r.note ? `  (${r.note})` : '';
    return `${head}  ${seconds(r.durationMs).padStart(9)}${note}`;
  });
}

function banner(text) {
  process.stdout.write(`\n=== ${text} ===\n`);
}

function commandLine(stage) {
  return `${stage.name}: ${stage.command} ${stage.args.join(' ')}`;
}

/** One stage, its output passed straight through. */
async function runAlone(stage, stageEnv) {
  banner(commandLine(stage));
  const started = Date.now();
  const result = await runStep(stage.command, stage.args, { cwd: ROOT, env: { ...stageEnv, ...stage.env } });
  return { stage, result, durationMs: Date.now() - started };
}

/** Lanes at once, each stage's output printed whole when it ends; a lane stops at its first failure. */
async function runLanes(stagesOfLanes, stageEnv) {
  const lanes = new Map();
  for (const stage of stagesOfLanes) lanes.set(stage.lane, [...(lanes.get(stage.lane) ?? []), stage]);
  const outcomes = new Map();
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const stage of lane) {
        const lines = [];
        const started = Date.now();
        const child = spawnChild(stage.command, stage.args, { cwd: ROOT, env: { ...stageEnv, ...stage.env }, onLine: (line) => lines.push(line) });
        const result = await child.exited;
        const durationMs = Date.now() - started;
        banner(`${commandLine(stage)} (${seconds(durationMs)}, beside the other lanes)`);
        if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
        outcomes.set(stage.name, { stage, result, durationMs });
        if (exitStatus(result) !== 0) return;
      }
    }),
  );
  // In plan order; a stage after a failure in its lane did not run (the summary says SKIP).
  return stagesOfLanes.filter((stage) => outcomes.has(stage.name)).map((stage) => outcomes.get(stage.name));
}

async function main(argv = process.argv.slice(2), env = process.env) {
  ensureDependencies(ROOT, { log: (m) => process.stdout.write(`${m}\n`) });
  const plan = stages(argv, env);
  // The stages' environment; the servers check may point DATABASE_URL at an embedded Postgres.
  const stageEnv = { ...env };
  const results = [];
  let interrupted;

  const finish = (code) => {
    // Every stage gets a line, so a failure early on still shows what did not run.
    for (const stage of plan) {
      if (!results.some((r) => r.name === stage.name)) results.push({ name: stage.name, outcome: 'SKIP' });
    }
    banner('summary');
    process.stdout.write(`${summaryLines(results).join('\n')}\n`);
    return code;
  };

  const onSignal = (signal) => {
    if (interrupted) {
      killAllNow();
      process.exit(exitStatus({ signal }));
    }
    interrupted = signal;
    process.stdout.write(`\n${signal}: stopping the running stage.\n`);
    void terminateAll();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  process.on('exit', killAllNow);

  for (const step of steps(plan)) {
    const stage = step[0];
    if (stage.preflight) {
      const started = Date.now();
      banner('Postgres and NATS');
      let servers;
      try {
        servers = await preflight.ensureServers({
          databaseUrl: env.DATABASE_URL || preflight.DEFAULT_DATABASE_URL,
          natsUrl: env.NATS_URL || preflight.DEFAULT_NATS_URL,
          log: (m) => process.stdout.write(`${m}\n`),
          embeddedRoot: env.DATABASE_URL ? undefined : ROOT,
        });
        if (servers.ok) stageEnv.DATABASE_URL = servers.databaseUrl;
      } catch (err) {
        // A malformed DATABASE_URL / NATS_URL: the message says which; a stack would not help.
        servers = { ok: false, results: [{ ok: false, message: err instanceof Error ? err.message : String(err) }] };
      }
      const durationMs = Date.now() - started;
      if (!servers.ok) {
        process.stderr.write(`\n${preflight.formatProblems(servers.results)}\n`);
        results.push({ name: 'servers', outcome: 'FAIL', durationMs, note: 'Postgres / NATS check failed, see above' });
        return finish(1);
      }
      for (const r of servers.results) process.stdout.write(`${r.name}: ${r.detail}\n`);
      results.push({ name: 'servers', outcome: 'PASS', durationMs });
    }
    if (interrupted) break;

    const outcomes = step.length === 1 ? [await runAlone(stage, stageEnv)] : await runLanes(step, stageEnv);
    let failed;
    for (const outcome of outcomes) {
      const code = exitStatus(outcome.result);
      if (code !== 0 || interrupted) {
        const note = interrupted ? `interrupted by ${interrupted}` : formatExit(outcome.result);
        results.push({ name: outcome.stage.name, outcome: 'FAIL', durationMs: outcome.durationMs, note });
        failed ??= interrupted ? exitStatus({ signal: interrupted }) : code;
      } else {
        results.push({ name: outcome.stage.name, outcome: 'PASS', durationMs: outcome.durationMs });
      }
    }
    if (failed !== undefined) return finish(failed);
  }
  if (interrupted) return finish(exitStatus({ signal: interrupted }));
  return finish(0);
}

module.exports = { main, stages, steps, isCi, summaryLines };

if (require.main === module) {
  main().then(
    // Stops what the run started (an embedded Postgres) gracefully before exiting.
    (code) => terminateAll().then(() => process.exit(code)),
    (err) => {
      console.error(err instanceof Error ? err.stack : err);
      killAllNow();
      process.exit(1);
    },
  );
}
