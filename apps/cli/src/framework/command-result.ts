import type { ExitCode } from './exit-codes';

/** What a command hands back; the runner prints it as JSON (`--json`) or as lines for a person. */
export interface CommandResult {
  /** Printed as one JSON document on stdout under `--json`. */
  json: unknown;
  /** What a person reads, one string per line. */
  human: string[];
  /** stdout by default; stderr when stdout already carries the command's data (an export to stdout). */
  stream?: 'stdout' | 'stderr';
  exitCode?: ExitCode;
}
