/**
 * Exit codes of every `tr4ction` command, sysexits(3) where one fits, so scripts and CI can tell
 * "the answer is no" (1) from "you called it wrong" (2) from "something it needs is down" (69).
 */
export const EXIT = {
  /** Done; every check passed; nothing found. */
  OK: 0,
  /** The command ran and the answer is no: a doctor check failed, secrets were found, the chain is broken, the request was refused. */
  FAILED: 1,
  /** Unknown command or option, missing or malformed argument. */
  USAGE: 2,
  /** Input data is wrong: a checksum mismatch, a file that is not a backup, a value a service rejected. */
  DATA_ERROR: 65,
  /** A service, NATS, Postgres or a needed program (pg_dump, git) could not be reached or run. */
  UNAVAILABLE: 69,
  /** An unexpected internal error (a bug: please report it with the command line). */
  SOFTWARE: 70,
  /** A file or folder could not be read or written. */
  IO_ERROR: 74,
  /** Refused: the operation would overwrite something it must not. */
  NO_PERMISSION: 77,
  /** The configuration (environment, --env-file) is invalid. */
  CONFIG: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** For `tr4ction --help`: the table operators and scripts rely on. */
export const EXIT_CODE_HELP = [
  'Exit codes:',
  '  0   success: done, every check passed, nothing found',
  '  1   the answer is no: a doctor check failed, secrets found, audit chain broken, request refused',
  '  2   usage error: unknown command or option, missing or malformed argument',
  '  65  bad input data: checksum mismatch, not a backup file, a value a service rejected',
  '  69  unavailable: a service, NATS, Postgres, pg_dump or git could not be reached or run',
  '  70  internal error (a bug)',
  '  74  a file or folder could not be read or written',
  '  77  refused: it would overwrite something it must not',
  '  78  invalid configuration (environment or --env-file)',
].join('\n');
