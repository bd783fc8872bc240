import type { NatsConnection } from 'nats';
import { Registry } from 'prom-client';
import { RPC } from '@tr4ction/contracts';
import type { EventAuthenticator, RpcClient } from '@tr4ction/messaging';
import { createLogger } from '@tr4ction/telemetry';
import { TokenState } from '@tr4ction/tokens';
import { TokenStateSync } from './token-state.sync';

/** A fake bus connection for a unit spec: subscriptions that never deliver (registered at once), a status stream that never ends. */
function fakeNats(): NatsConnection {
  return {
    subscribe: () => ({ unsubscribe: () => undefined }),
    flush: async () => undefined,
    status: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }),
  } as unknown as NatsConnection;
}

/** A fake RPC client counting key-set loads; every load answers with no keys and empty revocations. */
function fakeRpc(): { rpc: RpcClient; keyLoads: () => number } {
  let keyLoads = 0;
  const rpc = {
    send: (pattern: string) => {
      if (pattern === RPC.rotation.publicKeys) {
        keyLoads += 1;
        return Promise.resolve({ keys: [] });
      }
      return Promise.resolve({ issuer: 'i', denied: [], user_cutoffs: [], global_not_before: null });
    },
  } as unknown as RpcClient;
  return { rpc, keyLoads: () => keyLoads };
}

describe('TokenStateSync', () => {
  afterEach(() => jest.useRealTimers());

  async function started(keysResyncMs: number | undefined) {
    jest.useFakeTimers();
    const { rpc, keyLoads } = fakeRpc();
    const state = new TokenState('asymmetric', () => Date.now());
    // Ready at once (a spy), so start() returns after its first load and the schedule is what is measured.
    jest.spyOn(state, 'ready').mockReturnValue(true);
    const sync = new TokenStateSync({
      service: 'spec',
      state,
      rpc,
      nats: fakeNats(),
      authenticator: {} as EventAuthenticator,
      logger: createLogger('spec', 'silent'),
      resyncMs: 60_000,
      ...(keysResyncMs ? { keysResyncMs } : {}),
      issuer: 'i',
      accessTokenTtlSeconds: () => 900,
      registry: new Registry(),
    });
    await sync.start();
    return { sync, keyLoads };
  }

  it('reloads the key set every keysResyncMs, with no event (the gateway: its JWKS cache period)', async () => {
    const { sync, keyLoads } = await started(2_000);
    expect(keyLoads()).toBe(1);
    await jest.advanceTimersByTimeAsync(6_100);
    expect(keyLoads()).toBe(4);
    sync.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(keyLoads()).toBe(4);
  });

  it('without keysResyncMs, reloads keys only at the periodic resync', async () => {
    const { sync, keyLoads } = await started(undefined);
    await jest.advanceTimersByTimeAsync(59_000);
    expect(keyLoads()).toBe(1);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(keyLoads()).toBe(2);
    sync.stop();
  });
});
