/**
 * `tr4ction secrets ...`: generate random secrets (what the runbook used `openssl rand` for),
 * scan a tree or its git history for committed ones, and rotate the platform's own (rotate/).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CliError } from '../framework/cli-error';
import type { CliContext } from '../framework/cli-context';
import { commandAction, type RunState } from '../framework/command-action';
import type { CommandResult } from '../framework/command-result';
import { EXIT } from '../framework/exit-codes';
import { collect, integerBetween } from '../framework/option-parsers';
import { registerRotateCommands } from './rotate/rotate.commands';
import { secretsStatus } from './status/secrets-status';
import { generateSecret, MAX_SECRET_BYTES, MIN_SECRET_BYTES, RECOMMENDED_SECRET_BYTES, type SecretEncoding } from './generate/secret-generator';
import type { Finding } from './scan/finding.types';
import { scanHistory } from './scan/history-scanner';
import { scanTree } from './scan/tree-scanner';

interface GenerateOptions {
  hex?: number;
  base64?: number;
  newline: boolean;
}

interface ScanOptions {
  history?: boolean;
  allFiles?: boolean;
  exclude?: string[];
}

export function registerSecretsCommands(program: Command, state: RunState): void {
  const secrets = program.command('secrets').description('generate random secrets; find committed ones; rotate the signing key and service-account secrets');

  const bytes = integerBetween(MIN_SECRET_BYTES, MAX_SECRET_BYTES);
  secrets
    .command('generate')
    .description('print N random bytes as hex or base64 (replaces `openssl rand -hex 32` / `openssl rand -base64 32`)')
    .addOption(new Option('--hex <bytes>', 'N random bytes as hex (2N characters)').argParser(bytes).conflicts('base64'))
    .addOption(new Option('--base64 <bytes>', 'N random bytes as standard base64').argParser(bytes).conflicts('hex'))
    .option('--no-newline', 'print the value without a trailing newline (when piping into a file or a secrets store)')
    .addHelpText(
      'after',
      [
        '',
        'Only the value goes to stdout, so it can be captured:',
        '  JWT_SECRET_KEY=$(npx tr4ction secrets generate --hex 32)',
        '  npx tr4ction secrets generate --hex 32 --no-newline | aws secretsmanager put-secret-value --secret-id tr4ction/JWT_SECRET_KEY --secret-string file:///dev/stdin',
        `Use at least ${RECOMMENDED_SECRET_BYTES} bytes for JWT_SECRET_KEY and service-account secrets.`,
      ].join('\n'),
    )
    .action(commandAction<GenerateOptions>(state, async ({ ctx, opts }) => generate(ctx, opts)));

  secrets
    .command('scan')
    .description('find committed secrets in a tree or its git history; prints file and line, never the value; exit 1 on findings')
    .argument('[path]', 'folder, repository or file to scan', '.')
    .option('--history', 'scan every commit reachable from any branch, tag or stash (the lines each commit added)')
    .option('--all-files', 'in a git work tree, scan every file (also git-ignored ones), not only what git would commit')
    .option('--exclude <glob>', 'skip paths matching a gitignore-style glob (repeatable)', collect)
    .addHelpText(
      'after',
      [
        '',
        'Finds: committed .env files, private keys (PEM/OpenSSH), JWT signing secrets, AWS access keys and',
        'secret keys, JSON Web Tokens, and high-entropy strings next to words such as token, secret or password.',
        `A line containing "secrets-scan:allow" is skipped (for documented test fixtures).`,
        '',
        'In CI:',
        '  npx tr4ction secrets scan .            # exit 1 and a list of file:line when anything is found',
        '  npx tr4ction secrets scan . --history  # the whole history: a secret removed later is still exposed',
      ].join('\n'),
    )
    .action(commandAction<ScanOptions>(state, async ({ ctx, opts, args }) => scan(resolve(ctx.io.cwd, String(args[0])), String(args[0]), opts)));

  registerRotateCommands(secrets, state);

  secrets
    .command('status')
    .description('every credential the platform owns: store, age, next rotation, last result (never a value)')
    .addHelpText(
      'after',
      ['', 'Examples:', '  npx tr4ction --operator alice secrets status', '  npx tr4ction --operator alice --json secrets status'].join('\n'),
    )
    .action(commandAction(state, ({ ctx }) => secretsStatus(ctx), { traced: true }));
}

function generate(ctx: CliContext, opts: GenerateOptions): Promise<CommandResult> {
  const [encoding, bytes]: [SecretEncoding, number | undefined] = opts.hex !== undefined ? ['hex', opts.hex] : ['base64', opts.base64];
  if (bytes === undefined)
    throw new CliError(EXIT.USAGE, 'choose an encoding and a size: --hex <bytes> or --base64 <bytes>', 'e.g. `tr4ction secrets generate --hex 32`');
  if (bytes < RECOMMENDED_SECRET_BYTES)
    ctx.io.stderr.write(`note: ${bytes} bytes is below the ${RECOMMENDED_SECRET_BYTES} that signing and service-account secrets need\n`);
  const value = generateSecret(encoding, bytes);
  // A stored secret must not end in a newline that nobody typed: --no-newline writes the bare value.
  if (!opts.newline && !ctx.json) {
    ctx.io.stdout.write(value);
    return Promise.resolve({ json: null, human: [] });
  }
  return Promise.resolve({ json: { encoding, bytes, value }, human: [value] });
}

async function scan(root: string, shown: string, opts: ScanOptions): Promise<CommandResult> {
  try {
    await stat(root);
  } catch {
    throw new CliError(EXIT.USAGE, `no such file or folder: ${shown}`);
  }
  const exclude = opts.exclude ?? [];
  if (opts.history) {
    const result = await scanHistory(root, { exclude });
    return report(
      result.findings,
      { mode: 'history', root: shown, scanned_commits: result.scannedCommits },
      `${result.scannedCommits} commit${result.scannedCommits === 1 ? '' : 's'} scanned`,
    );
  }
  const result = await scanTree(root, { allFiles: opts.allFiles, exclude, fileLabel: shown });
  const skipped = result.skippedFiles ? `, ${result.skippedFiles} skipped (binary or over 5 MB)` : '';
  return report(
    result.findings,
    { mode: 'tree', root: shown, source: result.source, scanned_files: result.scannedFiles, skipped_files: result.skippedFiles },
    `${result.scannedFiles} file${result.scannedFiles === 1 ? '' : 's'} scanned${skipped}`,
  );
}

function report(findings: Finding[], summary: Record<string, unknown>, scanned: string): CommandResult {
  const json = { ok: findings.length === 0, ...summary, findings };
  if (!findings.length) return { json, human: [`no secrets found (${scanned})`] };
  const files = new Set(findings.map((f) => `${f.commit ?? ''}:${f.file}`)).size;
  const lines = findings.map((f) => `${f.commit ? `${f.commit.slice(0, 12)} ` : ''}${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.description}  ${f.preview}`);
  lines.push(
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${scanned}).`,
    'Treat every value found as exposed: rotate it first (`tr4ction secrets generate`, docs/runbooks), then remove it.',
    'Removing a secret from the tree does not remove it from history; a pushed secret stays exposed.',
  );
  return { json, human: lines, exitCode: EXIT.FAILED };
}
