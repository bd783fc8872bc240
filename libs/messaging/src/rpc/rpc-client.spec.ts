import type { ClientProxy, NatsRecord } from '@nestjs/microservices';
import { type Observable, of, throwError } from 'rxjs';
import { IDEMPOTENCY_KEY_FIRST_SEND_HEADER, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, RPC } from '@tr4ction/contracts';
import { RpcClient } from './rpc-client';
import { rpcCallScope, type RpcCallScope } from './idempotency/idempotency-key';

const meta = { actor: { type: 'system' as const, id: null } };
const registration = { email: 'someone@example.test', password: 'a long enough password' };
const credentials = { email: 'someone@example.test', password: 'a long enough password' };

/** A fake ClientProxy (unit test only): fails the first `failures` sends as a dropped connection does, records each key. */
function fakeProxy(failures: number): { proxy: ClientProxy; keys: string[]; firstSends: boolean[] } {
  const keys: string[] = [];
  const firstSends: boolean[] = [];
  const proxy = {
    send: (_pattern: string, record: NatsRecord): Observable<unknown> => {
      keys.push(record.headers?.get(IDEMPOTENCY_KEY_HEADER) ?? '');
      firstSends.push(record.headers?.get(IDEMPOTENCY_KEY_FIRST_SEND_HEADER) === '1');
      return keys.length <= failures ? throwError(() => new Error('Connection lost')) : of({ ok: true });
    },
  } as unknown as ClientProxy;
  return { proxy, keys, firstSends };
}

function scope(key: string): RpcCallScope {
  return { key, pattern: 'rpc.auth.login', fingerprint: Buffer.alloc(0), attempt: 'a', open: true, calls: new Map(), claimed: false, duplicate: false };
}

describe(RpcClient.name, () => {
  it('resends a request whose connection was lost under the same idempotency key', async () => {
    const { proxy, keys, firstSends } = fakeProxy(2);
    await expect(new RpcClient(proxy, 1000).send(RPC.user.register, meta, registration)).resolves.toEqual({ ok: true });
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY_PATTERN);
    expect(new Set(keys).size).toBe(1);
    // Only the first send of a new key says so: the receiver looks every resend up.
    expect(firstSends).toEqual([true, false, false]);
  });

  it('gives every logical call its own key, and read-only calls none', async () => {
    const { proxy, keys } = fakeProxy(0);
    const rpc = new RpcClient(proxy, 1000);
    await rpc.send(RPC.user.register, meta, registration);
    await rpc.send(RPC.user.register, meta, registration);
    await rpc.send(RPC.user.me, meta, { user_id: 'u1' });
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe('');
  });

  it('derives the keys of calls made while serving a request from its key, so a resent request repeats them', async () => {
    const { proxy, keys, firstSends } = fakeProxy(0);
    const rpc = new RpcClient(proxy, 1000);
    const serve = () => rpc.send(RPC.user.verifyCredentials, meta, credentials).then(() => rpc.send(RPC.user.verifyCredentials, meta, credentials));
    await rpcCallScope.run(scope('k'.repeat(43)), serve);
    await rpcCallScope.run(scope('k'.repeat(43)), serve);
    await rpcCallScope.run(scope('j'.repeat(43)), serve);
    expect(keys[0]).not.toBe(keys[1]); // two calls of one delivery
    expect(keys.slice(2, 4)).toEqual(keys.slice(0, 2)); // the resend makes the same calls under the same keys
    expect(keys[4]).not.toBe(keys[0]); // another request
    for (const k of keys) expect(k).toMatch(IDEMPOTENCY_KEY_PATTERN);
    // A derived key repeats with its request: marked as a first send only when its request was one.
    expect(firstSends).toEqual(keys.map(() => false));
  });

  it('marks the calls of a request that was a first send as first sends too', async () => {
    const { proxy, keys, firstSends } = fakeProxy(0);
    const rpc = new RpcClient(proxy, 1000);
    await rpcCallScope.run({ ...scope('k'.repeat(43)), firstSend: true }, () => rpc.send(RPC.user.verifyCredentials, meta, credentials));
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY_PATTERN);
    expect(firstSends).toEqual([true]);
  });
});
