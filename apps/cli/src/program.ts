/**
 * The `tr4ction` command tree. Each feature folder contributes its commands through a
 * `register...Commands(parent, state)` function; this file holds the global options, help texts,
 * and the mapping of usage errors to exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './admin/admin.commands';
import { registerAuditCommands } from './audit/audit.commands';
import { registerDbCommands } from './db/db.commands';
import { registerDoctorCommand } from './doctor/doctor.command';
import { registerHistoryCommands } from './history/history.commands';
import { registerSecretsCommands } from './secrets/secrets.commands';
import { registerTokensCommands } from './tokens/tokens.commands';
import type { RunState } from './framework/command-action';
import { printError } from './framework/command-action';
import { CliError } from './framework/cli-error';
import type { CliIo } from './framework/cli-io';
import { CLI_NAME, CLI_VERSION } from './framework/cli-version';
import { EXIT, EXIT_CODE_HELP } from './framework/exit-codes';

const ENVIRONMENT_HELP = [
  'Environment (the same names the services read; --env-file FILE applies a .env file on top):',
  '  NATS_URL        NATS of the stack (default nats://127.0.0.1:4222)',
  '  DATABASE_URL    Postgres of the stack (db backup, doctor)',
  '  RPC_TIMEOUT_MS  how long a service may take to answer (default 5000)',
  '  BACKUP_DIR      where db backup writes when --out is not given (default ./backups)',
].join('\n');

export function createProgram(state: RunState): Command {
  const program = new Command(CLI_NAME);
  program
    .description(
      'Operator commands for the TR4CTION credentials platform. Every command that changes state goes through the services, so it is evented and audited with actor type `cli` and your operator name.',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command (works at every level)')
    .option('--json', 'print one JSON document on stdout (results and errors), for scripts')
    .option('--operator <name>', 'who is running this: the audit actor id (default: the sudo or OS user)')
    .option('--env-file <path>', 'read KEY=value lines from a .env file; its values override the environment')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => state.io.stdout.write(s),
      writeErr: (s) => state.io.stderr.write(s),
    })
    .addHelpText('after', `\n${ENVIRONMENT_HELP}\n\n${EXIT_CODE_HELP}\n\nRunbooks: docs/ (each step is one of these commands).`);

  registerSecretsCommands(program, state);
  registerTokensCommands(program, state);
  registerAdminCommands(program, state);
  registerDbCommands(program, state);
  registerAuditCommands(program, state);
  registerHistoryCommands(program, state);
  registerDoctorCommand(program, state);
  return program;
}

/** Runs one command line and resolves to its exit code; never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const state: RunState = { io, exitCode: EXIT.OK };
  const program = createProgram(state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return usageExit(err, io, argv.includes('--json'));
    return printError(io, argv.includes('--json'), err instanceof CliError ? err : new CliError(EXIT.SOFTWARE, String(err)));
  }
}

function usageExit(err: CommanderError, io: CliIo, json: boolean): number {
  // Help and version asked for are a success; help shown because a group was called without a
  // subcommand, and every parse error, are usage errors.
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.OK;
  if (err.code === 'commander.help' && err.exitCode === 0) return EXIT.OK;
  if (json)
    io.stdout.write(
      `${JSON.stringify({ ok: false, error: { code: 'USAGE', message: err.message.replace(/^error: /, ''), exit_code: EXIT.USAGE } }, null, 2)}\n`,
    );
  return EXIT.USAGE;
}
