/**
 * Turns whatever a command threw into a `CliError`: the exit code, a message an operator can act
 * on, never a stack trace, and never a credential that happened to sit in a message (URLs with a
 * password are masked).
 */
import { CliError } from './cli-error';
import { EXIT, type ExitCode } from './exit-codes';

const BUS_HINT = 'Is the stack running and does NATS_URL point at its NATS? (`npm start` runs it; `tr4ction doctor` checks it.)';

const RPC_EXIT: Record<string, ExitCode> = {
  SERVICE_UNAVAILABLE: EXIT.UNAVAILABLE,
  DEPENDENCY_UNAVAILABLE: EXIT.UNAVAILABLE,
  TIMEOUT: EXIT.UNAVAILABLE,
  VALIDATION_FAILED: EXIT.DATA_ERROR,
  BAD_REQUEST: EXIT.DATA_ERROR,
  PASSWORD_POLICY: EXIT.DATA_ERROR,
  MALFORMED_JSON: EXIT.DATA_ERROR,
  FORBIDDEN: EXIT.NO_PERMISSION,
  UNAUTHENTICATED: EXIT.NO_PERMISSION,
  INTERNAL: EXIT.SOFTWARE,
};

/** Masks the password of `scheme://user:password@host` wherever it appears. */
export function maskCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*):[^@\s/]*@/gi, '$1:***@');
}

interface RpcCallErrorShape {
  name: string;
  code: string;
  message: string;
  violations?: Array<{ rule: string; message: string }>;
}

function isRpcCallError(err: unknown): err is RpcCallErrorShape {
  // Matched by shape: importing @tr4ction/messaging here would load NATS and Nest for every command.
  return err instanceof Error && err.name === 'RpcCallError' && typeof (err as { code?: unknown }).code === 'string';
}

export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (isRpcCallError(err)) {
    const exit = RPC_EXIT[err.code] ?? EXIT.FAILED;
    const detail = err.violations?.length ? `${err.message}: ${err.violations.map((v) => v.message).join('; ')}` : err.message;
    return new CliError(exit, maskCredentials(detail), exit === EXIT.UNAVAILABLE ? BUS_HINT : undefined, err.code);
  }
  if (err instanceof Error && err.name === 'ConfigError') {
    return new CliError(EXIT.CONFIG, maskCredentials(err.message), 'Fix the variables named above (environment or --env-file).');
  }
  if (err instanceof Error && err.name === 'SecretsError') {
    return new CliError(EXIT.CONFIG, maskCredentials(err.message), 'Check SECRETS_PROVIDER and the secret it should find.');
  }
  const sysCode = (err as NodeJS.ErrnoException | undefined)?.code;
  if (err instanceof Error && typeof sysCode === 'string') {
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(sysCode)) {
      return new CliError(EXIT.UNAVAILABLE, maskCredentials(err.message), 'Is Postgres running and DATABASE_URL right?', sysCode);
    }
    if (['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EEXIST', 'EROFS'].includes(sysCode)) {
      return new CliError(EXIT.IO_ERROR, maskCredentials(err.message), undefined, sysCode);
    }
  }
  // Postgres errors carry a 5-character SQLSTATE: class 08 is a connection problem, 28 authentication.
  if (err instanceof Error && typeof sysCode === 'string' && /^(08|28|57P0)/.test(sysCode)) {
    return new CliError(EXIT.UNAVAILABLE, maskCredentials(err.message), 'Is Postgres running and DATABASE_URL right?', sysCode);
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new CliError(
    EXIT.SOFTWARE,
    `unexpected error: ${maskCredentials(message).slice(0, 500)}`,
    'This is a bug; run it again with the same arguments and report the output.',
  );
}
