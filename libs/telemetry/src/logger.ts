/**
 * JSON logs (pino) with the active trace id on every line and redaction from `redaction.ts`.
 * `createLogger` is the only constructor of loggers in the platform.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { isOn } from '@tr4ction/config';
import type { LoggerService } from '@nestjs/common';
import { redactDeep, redactString } from './redaction';

export type { Logger };

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * The level a process logs at: LOG_LEVEL when set explicitly; otherwise `debug` when DEBUG_MODE is
 * on (what an operator who turns it on expects: verbose logs), else `info`.
 */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOG_LEVEL !== undefined && env.LOG_LEVEL.trim() !== '') return env.LOG_LEVEL.trim();
  return isOn(env.DEBUG_MODE) ? 'debug' : 'info';
}

/** `destination` is for tests; processes log to stdout. */
export function createLogger(service: string, level: string = defaultLogLevel(), destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    // A bad LOG_LEVEL must not crash the logger that reports it: config validation names it.
    level: LEVELS.has(level) ? level : 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      // Messages are redacted too: a secret must not slip through an interpolated string.
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactString(a) : a)) as Parameters<typeof method>;
        method.apply(this, redacted);
      },
    },
    mixin() {
      const sc = trace.getActiveSpan()?.spanContext();
      return sc ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's LoggerService on top of pino, so framework messages are JSON lines with the same redaction. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    // Nest passes a stack as the second argument; stacks stay out of logs at info level.
    this.logger.error({ context: context ?? traceOrContext }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
