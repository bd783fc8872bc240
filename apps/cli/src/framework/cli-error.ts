import { EXIT, type ExitCode } from './exit-codes';

/**
 * What a command throws when it cannot do its job: an exit code, a message for the operator and,
 * where there is one, the next thing to try. Never carries a secret value.
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly hint?: string,
    /** A stable machine-readable code for `--json` output (e.g. a service's error code). */
    readonly code: string = codeFor(exitCode),
  ) {
    super(message);
    this.name = 'CliError';
  }
}

function codeFor(exitCode: ExitCode): string {
  const entry = Object.entries(EXIT).find(([, v]) => v === exitCode);
  return entry ? entry[0] : 'FAILED';
}
