/**
 * Who runs a command: the audit actor id of everything it changes (`actor: {type: 'cli', id}`).
 * `--operator` wins; otherwise the login behind sudo, then the OS user.
 */
import { userInfo } from 'node:os';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

const OPERATOR = /^[\w.@+-]{1,128}$/;

export function resolveOperator(flag: string | undefined, env: NodeJS.ProcessEnv, osUser: () => string = () => userInfo().username): string {
  if (flag !== undefined) {
    if (!OPERATOR.test(flag)) throw new CliError(EXIT.USAGE, '--operator must be 1-128 characters of letters, digits and . _ @ + -');
    return flag;
  }
  // Under sudo the OS user is root; SUDO_USER names the person, which is what an audit trail needs.
  const candidates = [env.SUDO_USER, safe(osUser), env.USER, env.LOGNAME, env.USERNAME];
  return candidates.find((c): c is string => typeof c === 'string' && OPERATOR.test(c)) ?? 'unknown';
}

function safe(fn: () => string): string | undefined {
  try {
    return fn();
  } catch {
    return undefined; // no passwd entry (a container with an arbitrary uid)
  }
}
