/**
 * `tr4ction doctor`: the runbook's pre-production checklist as checks, one line each with PASS or
 * FAIL and what to do; exit 1 when any fails. It checks the environment it is given (the shell's,
 * or a production `.env` file via --env-file) and the stack that environment points at.
 */
import type { Command } from 'commander';
import type { Client } from 'pg';
import type { CliContext } from '../framework/cli-context';
import { databaseLabel } from '../framework/cli-context';
import { CliError } from '../framework/cli-error';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { EXIT } from '../framework/exit-codes';
import { collect } from '../framework/option-parsers';
import type { DoctorContext } from './doctor-check';
import { DOCTOR_CHECKS } from './doctor-checks';
import { runChecks, type CheckReport } from './doctor-runner';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tr4ction';

interface DoctorOptions {
  check?: string[];
  list?: boolean;
}

export function registerDoctorCommand(program: Command, state: RunState): void {
  program
    .command('doctor')
    .description('pre-production checklist as checks: one line each, PASS or FAIL and what to do; exit 1 on any failure')
    .option('--check <id>', 'run only this check (repeatable; see --list)', collect)
    .option('--list', 'list the checks and exit')
    .addHelpText(
      'after',
      [
        '',
        'Checks:',
        ...DOCTOR_CHECKS.map((c) => `  ${c.id.padEnd(18)} ${c.title}`),
        '',
        'It checks the environment it runs with. For a deployment, give it that deployment’s file:',
        '  npx tr4ction --env-file /etc/tr4ction/production.env doctor',
      ].join('\n'),
    )
    .action(commandAction<DoctorOptions>(state, ({ ctx, opts }) => doctor(ctx, opts), { traced: true }));
}

async function doctor(ctx: CliContext, opts: DoctorOptions): Promise<CommandResult> {
  if (opts.list) {
    return { json: { checks: DOCTOR_CHECKS.map((c) => ({ id: c.id, title: c.title })) }, human: DOCTOR_CHECKS.map((c) => `${c.id.padEnd(18)} ${c.title}`) };
  }
  const wanted = (opts.check ?? [])
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = wanted.filter((id) => !DOCTOR_CHECKS.some((c) => c.id === id));
  if (unknown.length) throw new CliError(EXIT.USAGE, `unknown check ${unknown.join(', ')}; the checks are: ${DOCTOR_CHECKS.map((c) => c.id).join(', ')}`);
  const checks = wanted.length ? DOCTOR_CHECKS.filter((c) => wanted.includes(c.id)) : DOCTOR_CHECKS;

  const databaseUrl = ctx.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  let connection: Promise<Client> | undefined;
  const doctorContext: DoctorContext = {
    env: ctx.env,
    now: () => new Date(),
    db: () => (connection ??= ctx.db(databaseUrl)),
    rpc: () => ctx.rpc(),
    meta: () => ctx.meta(),
  };
  const reports = await runChecks(checks, doctorContext);
  const failed = reports.filter((r) => r.status === 'fail').length;
  const passed = reports.filter((r) => r.status === 'pass').length;
  const warned = reports.filter((r) => r.status === 'warn').length;
  const width = Math.max(...reports.map((r) => r.id.length));
  const target = `ENVIRONMENT=${ctx.env.ENVIRONMENT?.trim() || 'development'}, database ${databaseLabel(databaseUrl)}, NATS ${ctx.env.NATS_URL?.trim() || 'nats://127.0.0.1:4222'}`;
  return {
    json: { ok: failed === 0, target, passed, failed, warned, checks: reports },
    human: [
      `tr4ction doctor: ${target}`,
      ...reports.map((r) => line(r, width)),
      failed
        ? `${passed} passed, ${failed} failed${warned ? `, ${warned} warnings` : ''}: not ready for production.`
        : `all ${passed} checks passed${warned ? ` (${warned} warnings)` : ''}.`,
    ],
    exitCode: failed ? EXIT.FAILED : EXIT.OK,
  };
}

function line(r: CheckReport, width: number): string {
  const head = `${r.status.toUpperCase().padEnd(4)}  ${r.id.padEnd(width)}  ${r.detail}`;
  return r.status === 'pass' || !r.fix ? head : `${head}  -> ${r.fix}`;
}
