/**
 * The command tree through `runCli` with in-memory streams: help at every level, exit codes of
 * usage errors, JSON output, and the commands that need no services.
 */
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgram, runCli } from './program';
import { CLI_VERSION } from './framework/cli-version';
import { EXIT } from './framework/exit-codes';
import type { Command } from 'commander';

function memoryIo(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd() }, out: () => out, err: () => err };
}

/**
 * A bus address where nothing listens: checks that ask the stack first (cors-origins) fall back to
 * the environment at once, instead of reaching whatever NATS this machine happens to run.
 */
const NO_BUS = { NATS_URL: 'nats://127.0.0.1:1' };

async function run(args: string[], env?: NodeJS.ProcessEnv) {
  const m = memoryIo(env);
  const code = await runCli(args, m.io);
  return { code, stdout: m.out(), stderr: m.err() };
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

/** Every command path of this release: each must exist and answer --help. */
const COMMAND_PATHS = [
  'secrets',
  'secrets generate',
  'secrets scan',
  'secrets rotate',
  'secrets rotate signing-key',
  'secrets rotate service-account',
  'tokens',
  'tokens revoke-all',
  'admin',
  'admin reset-password',
  'admin reset-mfa',
  'db',
  'db backup',
  'db restore',
  'audit',
  'audit verify',
  'audit export',
  'history',
  'history user',
  'as-of',
  'doctor',
];

describe('tr4ction program', () => {
  const paths = commandPaths(createProgram({ io: memoryIo().io, exitCode: 0 }));

  it('has the commands of this release', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(COMMAND_PATHS));
  });

  it('answers --help at the top with exit codes and environment', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(EXIT.OK);
    expect(res.stdout).toContain('Usage: tr4ction');
    expect(res.stdout).toContain('Exit codes:');
    expect(res.stdout).toContain('NATS_URL');
  });

  it.each(COMMAND_PATHS)('answers --help for `%s`', async (path) => {
    const res = await run([...path.split(' '), '--help']);
    expect(res.code).toBe(EXIT.OK);
    expect(res.stdout).toContain(`Usage: tr4ction ${path}`);
    expect(res.stdout).toContain('--json');
  });

  it('answers `help <command>` too', async () => {
    const res = await run(['help', 'db']);
    expect(res.code).toBe(EXIT.OK);
    expect(res.stdout).toContain('Usage: tr4ction db');
  });

  it('prints its version, kept equal to the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(CLI_VERSION).toBe(pkg.version);
    expect((await run(['--version'])).stdout.trim()).toBe(CLI_VERSION);
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['secrets', 'generate', '--hexx', '32']],
    ['a malformed number', ['secrets', 'generate', '--hex', 'many']],
    ['conflicting options', ['secrets', 'generate', '--hex', '32', '--base64', '32']],
    ['a missing mandatory option', ['audit', 'export']],
    ['a malformed instant', ['as-of', 'yesterday', 'users']],
    ['an unknown as-of view', ['as-of', '2026-03-03T12:00:00Z', 'groups']],
    ['a history without --email', ['history', 'user']],
    ['an invalid choice', ['audit', 'export', '--format', 'xml']],
    ['a group without its subcommand', ['db']],
    ['no encoding for generate', ['secrets', 'generate']],
    ['an unknown doctor check', ['doctor', '--check', 'nope']],
    ['a bad --operator', ['--operator', 'has space', 'doctor', '--check', 'environment']],
    ['revoke-all without a reason', ['tokens', 'revoke-all']],
    ['revoke-all with an empty reason', ['tokens', 'revoke-all', '--reason', '  ']],
    ['reset-password without an email', ['admin', 'reset-password']],
    ['reset-password with something that is no email', ['admin', 'reset-password', '--email', 'nobody']],
    ['a service account id with odd characters', ['secrets', 'rotate', 'service-account', '../etc']],
    ['rotate without what to rotate', ['secrets', 'rotate']],
  ])('exits 2 on %s', async (_what, args) => {
    const res = await run(args);
    expect(res.code).toBe(EXIT.USAGE);
    expect(res.stderr).not.toBe('');
  });

  it('prints usage errors as JSON on stdout under --json', async () => {
    const res = await run(['--json', 'audit', 'export', '--format', 'xml']);
    expect(res.code).toBe(EXIT.USAGE);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE', exit_code: 2 } });
  });

  it('reads a temporary password from piped stdin only: an empty one is a usage error before any service is asked', async () => {
    const m = memoryIo({ NATS_URL: 'nats://127.0.0.1:1' });
    m.io.stdin.end('\n');
    const code = await runCli(['admin', 'reset-password', '--email', 'admin@tr4ction.com', '--password-stdin'], m.io);
    expect(code).toBe(EXIT.USAGE);
    expect(m.err()).toContain('the temporary password on stdin is empty');
  });

  it('generates secrets: only the value on stdout, or a JSON document', async () => {
    const plain = await run(['secrets', 'generate', '--hex', '32']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const json = await run(['--json', 'secrets', 'generate', '--base64', '32']);
    expect(JSON.parse(json.stdout)).toEqual({ encoding: 'base64', bytes: 32, value: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    const bare = await run(['secrets', 'generate', '--hex', '32', '--no-newline']);
    expect(bare.stdout).toMatch(/^[0-9a-f]{64}$/);
    const small = await run(['secrets', 'generate', '--hex', '8']);
    expect(small.stderr).toContain('below the 32');
  });

  it('runs the environment checks of doctor without any server, and fails on development defaults', async () => {
    const res = await run(['--json', 'doctor', '--check', 'environment', '--check', 'debug-mode,cors-origins,https'], {
      ...NO_BUS,
      ENVIRONMENT: 'development',
      DEBUG_MODE: 'true',
    });
    expect(res.code).toBe(EXIT.FAILED);
    const report = JSON.parse(res.stdout) as { ok: boolean; checks: Array<{ id: string; status: string; fix?: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['environment', 'fail'],
      ['debug-mode', 'fail'],
      ['cors-origins', 'fail'],
      ['https', 'fail'],
    ]);
    expect(report.checks.every((c) => c.fix)).toBe(true);
  });

  it('passes the same checks on a production-like environment, one line each', async () => {
    const res = await run(['doctor', '--check', 'environment,debug-mode,cors-origins,https'], {
      ...NO_BUS,
      ENVIRONMENT: 'production',
      DEBUG_MODE: 'false',
      CORS_ORIGINS: 'https://app.tr4ction.ai,https://www.tr4ction.ai',
      TRUSTED_PROXIES: '10.0.0.0/8',
    });
    expect(res.code).toBe(EXIT.OK);
    const lines = res.stdout.trim().split('\n');
    expect(lines.slice(1, 5).every((l) => l.startsWith('PASS'))).toBe(true);
    expect(lines[5]).toBe('all 4 checks passed.');
  });

  it('lists the doctor checks', async () => {
    const res = await run(['doctor', '--list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^configuration\s/m);
    expect(res.stdout).toMatch(/^audit-chain\s/m);
  });

  it('applies --env-file over the environment, and reports a bad file as 74 or 78', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tr4ction-cli-'));
    const good = join(dir, 'prod.env');
    writeFileSync(good, 'ENVIRONMENT=production\n');
    const res = await run(['--env-file', good, 'doctor', '--check', 'environment'], { ENVIRONMENT: 'development' });
    expect(res.code).toBe(0);
    const bad = join(dir, 'bad.env');
    writeFileSync(bad, 'this is not an assignment\n');
    expect((await run(['--env-file', bad, 'doctor', '--check', 'environment'])).code).toBe(EXIT.CONFIG);
    expect((await run(['--env-file', join(dir, 'missing.env'), 'doctor', '--check', 'environment'])).code).toBe(EXIT.IO_ERROR);
  });
});
