/**
 * Checks every request against its pattern's schema in the RPC catalogue before the handler runs:
 * a request of the wrong shape answers VALIDATION_FAILED (400 at the gateway) naming each violated
 * path, never a stack trace, and never the offending value (it may be a password).
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { requestSchemaFor, type RpcErrorPayload } from '@tr4ction/contracts';
import type { Observable } from 'rxjs';
import { ServiceError } from './rpc-errors';

/** Enough to say what is wrong; a hostile request cannot make the answer large. */
const MAX_VIOLATIONS = 10;

type Violations = NonNullable<RpcErrorPayload['violations']>;

const compiled = new Map<string, TypeCheck<TSchema>>();

function checkerFor(pattern: string): TypeCheck<TSchema> | undefined {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const schema = requestSchemaFor(pattern);
  if (!schema) return undefined;
  const check = TypeCompiler.Compile(schema);
  compiled.set(pattern, check);
  return check;
}

/** The violations of `data` against the request schema of `pattern`; empty when it conforms or the pattern is not catalogued. */
export function requestViolations(pattern: string, data: unknown): Violations {
  const check = checkerFor(pattern);
  if (!check || check.Check(data)) return [];
  const violations: Violations = [];
  for (const error of check.Errors(data)) {
    const rule = error.path || '/';
    // The first complaint about a path says it (a missing member is also "not a string").
    if (violations.some((v) => v.rule === rule)) continue;
    violations.push({ rule, message: error.message });
    if (violations.length >= MAX_VIOLATIONS) break;
  }
  return violations;
}

@Injectable()
export class RpcRequestValidationInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const rpc = ctx.switchToRpc();
    const nats = rpc.getContext<unknown>();
    if (!(nats instanceof NatsContext)) return next.handle();
    const envelope = rpc.getData<{ data?: unknown } | undefined>();
    const violations = requestViolations(nats.getSubject(), envelope?.data);
    if (violations.length) throw new ServiceError('VALIDATION_FAILED', 'The request does not match its schema', { violations });
    return next.handle();
  }
}
