/**
 * The one wrapper every command action goes through: builds the context from the global options,
 * runs the handler (in a trace span when it talks to services), prints its result as JSON or as
 * lines, maps any error to an exit code and a message, and always closes what was opened.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliContext, type GlobalOptions } from './cli-context';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import type { CommandResult } from './command-result';
import { toCliError } from './error-mapping';
import { EXIT, type ExitCode } from './exit-codes';
import { parseEnvFile } from './env-file';

/** Shared by every command of one run: the streams, and the exit code the run ends with. */
export interface RunState {
  io: CliIo;
  exitCode: ExitCode;
}

export interface HandlerInput<O extends object> {
  ctx: CliContext;
  opts: O;
  /** Declared arguments, after their parsers ran. */
  args: unknown[];
}

export type CommandHandler<O extends object> = (input: HandlerInput<O>) => Promise<CommandResult>;

export interface ActionOptions {
  /** Runs the handler in a trace span and reports its trace id (commands that call services). */
  traced?: boolean;
}

export function commandAction<O extends object>(
  state: RunState,
  handler: CommandHandler<O>,
  options: ActionOptions = {},
): (...actionArgs: unknown[]) => Promise<void> {
  return async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    let ctx: CliContext | undefined;
    try {
      ctx = new CliContext(state.io, environment(state.io, globals.envFile), globals);
      const current = ctx;
      const run = () => handler({ ctx: current, opts: command.opts() as O, args: command.processedArgs });
      const result = options.traced ? await ctx.traced(`${commandPath(command)}`, run) : await run();
      if (options.traced && ctx.traceId && result.json && typeof result.json === 'object' && !Array.isArray(result.json)) {
        (result.json as Record<string, unknown>).trace_id = ctx.traceId;
      }
      printResult(state.io, globals.json === true, result);
      state.exitCode = result.exitCode ?? EXIT.OK;
    } catch (err) {
      state.exitCode = printError(state.io, globals.json === true, toCliError(err));
    } finally {
      await ctx?.dispose();
    }
  };
}

/** The process environment with --env-file applied on top (the file is what is being checked). */
export function environment(io: CliIo, envFile: string | undefined): NodeJS.ProcessEnv {
  if (!envFile) return { ...io.env };
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, envFile), 'utf8');
  } catch (err) {
    throw new CliError(EXIT.IO_ERROR, `cannot read --env-file ${envFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = parseEnvFile(text);
  if (parsed.problems.length) {
    throw new CliError(EXIT.CONFIG, `--env-file ${envFile}: ${parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  }
  return { ...io.env, ...parsed.values };
}

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function printResult(io: CliIo, json: boolean, result: CommandResult): void {
  const stream = result.stream === 'stderr' ? io.stderr : io.stdout;
  if (json) stream.write(`${JSON.stringify(result.json, null, 2)}\n`);
  else if (result.human.length) stream.write(`${result.human.join('\n')}\n`);
}

export function printError(io: CliIo, json: boolean, err: CliError): ExitCode {
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ ok: false, error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}), exit_code: err.exitCode } }, null, 2)}\n`,
    );
  } else {
    io.stderr.write(`tr4ction: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
  }
  return err.exitCode;
}
