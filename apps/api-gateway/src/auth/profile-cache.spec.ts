import type { PublicUser } from '@tr4ction/contracts';
import { ProfileCache } from './profile-cache';

const T0 = Date.UTC(2030, 0, 1);
const TTL = 60_000;

function profile(overrides: Partial<PublicUser> = {}): PublicUser {
  return { id: 'u1', email: 'ada@example.com', name: 'Ada', roles: ['founder'], password_expires_at: null, password_change_required: false, ...overrides };
}

function setup(maxEntries = 10) {
  let now = T0;
  const cache = new ProfileCache({ ttlMs: TTL, maxEntries, now: () => now });
  let loads = 0;
  const loader = (p: PublicUser) => () => {
    loads++;
    return Promise.resolve(p);
  };
  return { cache, loader, loads: () => loads, advance: (ms: number) => (now += ms) };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe(ProfileCache.name, () => {
  it('loads once and answers from memory until the entry lifetime ends', async () => {
    const { cache, loader, loads, advance } = setup();
    expect(await cache.get('u1', loader(profile()))).toEqual(profile());
    expect(await cache.get('u1', loader(profile({ name: 'changed' })))).toEqual(profile());
    expect(loads()).toBe(1);
    advance(TTL);
    expect((await cache.get('u1', loader(profile({ name: 'changed' })))).name).toBe('changed');
    expect(loads()).toBe(2);
  });

  it('forget makes the next request read the source (roles change, deletion)', async () => {
    const { cache, loader, loads } = setup();
    await cache.get('u1', loader(profile()));
    cache.forget('u1');
    expect((await cache.get('u1', loader(profile({ roles: ['admin'] })))).roles).toEqual(['admin']);
    expect(loads()).toBe(2);
  });

  it('never stores an answer whose load began before an invalidation', async () => {
    const { cache, loader } = setup();
    const slow = deferred<PublicUser>();
    const first = cache.get('u1', () => slow.promise);
    cache.forget('u1');
    slow.resolve(profile({ roles: ['founder'] }));
    expect((await first).roles).toEqual(['founder']);
    expect((await cache.get('u1', loader(profile({ roles: ['admin'] })))).roles).toEqual(['admin']);
  });

  it('shares one load between concurrent requests of the same user', async () => {
    const { cache } = setup();
    const slow = deferred<PublicUser>();
    let calls = 0;
    const load = () => {
      calls++;
      return slow.promise;
    };
    const both = Promise.all([cache.get('u1', load), cache.get('u1', load)]);
    slow.resolve(profile());
    expect(await both).toEqual([profile(), profile()]);
    expect(calls).toBe(1);
  });

  it('does not cache a failed load', async () => {
    const { cache, loader, loads } = setup();
    await expect(cache.get('u1', () => Promise.reject(new Error('user-service away')))).rejects.toThrow('away');
    await cache.get('u1', loader(profile()));
    expect(loads()).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('keeps no entry past the password expiry it reports (password_change_required turns true then)', async () => {
    const { cache, loader, loads, advance } = setup();
    const expiresAt = new Date(T0 + 1000).toISOString();
    await cache.get('u1', loader(profile({ password_expires_at: expiresAt })));
    advance(1000);
    await cache.get('u1', loader(profile({ password_expires_at: expiresAt, password_change_required: true })));
    expect(loads()).toBe(2);
  });

  it('clear forgets everyone, and the size stays within its bound (oldest dropped first)', async () => {
    const { cache, loader, loads } = setup(2);
    await cache.get('a', loader(profile({ id: 'a' })));
    await cache.get('b', loader(profile({ id: 'b' })));
    await cache.get('c', loader(profile({ id: 'c' })));
    expect(cache.size).toBe(2);
    await cache.get('a', loader(profile({ id: 'a' })));
    expect(loads()).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
