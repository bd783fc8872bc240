import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { RPC, type RotationOutcome } from '@tr4ction/contracts';
import type { RpcEnvelope } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';
import { requestViolations } from './rpc-request-validation.interceptor';

class Handlers {
  @RpcHandler(RPC.rotation.rotateKeys)
  rotate(): Promise<RotationOutcome> {
    return Promise.resolve({ status: 'rotated', active_kid: 'k2', previous_kid: 'k1' });
  }

  @RpcHandler(RPC.user.me)
  me({ data }: RpcEnvelope<{ user_id: string }>) {
    return { id: data.user_id, email: 'a@example.test', name: null, roles: [], password_expires_at: null, password_change_required: false };
  }
}

/** Each method below drifts from its pattern: tsc refuses the decorator (checked by `npm run typecheck`). */
class DriftedHandlers {
  // @ts-expect-error a signing-key rotation answers a RotationOutcome, and `unchanged` is not one
  @RpcHandler(RPC.rotation.rotateKeys)
  rotate(): Promise<{ status: 'unchanged'; active_kid: null }> {
    return Promise.resolve({ status: 'unchanged', active_kid: null });
  }

  // @ts-expect-error the request of rpc.user.me carries `user_id`, not `email`
  @RpcHandler(RPC.user.me)
  me({ data }: RpcEnvelope<{ email: string }>) {
    return { id: data.email, email: data.email, name: null, roles: [], password_expires_at: null, password_change_required: false };
  }
}

describe(RpcHandler.name, () => {
  it('registers the method for its pattern on core NATS, as @MessagePattern does', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, Handlers.prototype.rotate)).toEqual([RPC.rotation.rotateKeys]);
    expect(Reflect.getMetadata(PATTERN_METADATA, Handlers.prototype.me)).toEqual([RPC.user.me]);
    expect(Reflect.getMetadata(PATTERN_METADATA, DriftedHandlers.prototype.rotate)).toEqual([RPC.rotation.rotateKeys]);
  });
});

describe(requestViolations.name, () => {
  it('names each violated path of a malformed request, never its value', () => {
    const violations = requestViolations(RPC.auth.login, { email: ['not', 'a', 'string'], password: 'hunter2-secret', extra: 1 });
    expect(violations.map((v) => v.rule)).toEqual(['/email']);
    expect(JSON.stringify(violations)).not.toContain('hunter2');
    expect(requestViolations(RPC.auth.login, { email: 'a@example.test' }).map((v) => v.rule)).toEqual(['/password']);
    expect(requestViolations(RPC.auth.login, undefined).map((v) => v.rule)).toEqual(['/']);
  });

  it('passes a conforming request, and leaves subjects outside the catalogue to the proof guard', () => {
    expect(requestViolations(RPC.auth.login, { email: 'a@example.test', password: 'pw' })).toEqual([]);
    expect(requestViolations('rpc.spec.unknown', { anything: true })).toEqual([]);
  });

  it('bounds what a hostile request can make it say', () => {
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(requestViolations(RPC.audit.adminRead, { ...wide, route: 7, count: 'x', first_at: 1, last_at: 2 }).length).toBeLessThanOrEqual(10);
  });
});
