import { CachedSecrets } from './cached-secrets.provider';
import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError } from './secrets.errors';

class FakeSecretsProvider implements SecretsProvider {
  readonly name = 'fake';
  readonly values = new Map<string, string>();
  failWith?: SecretsError;
  reads = 0;

  async get(key: string): Promise<string> {
    this.reads += 1;
    if (this.failWith !== undefined) throw this.failWith;
    const value = this.values.get(key);
    if (value === undefined) throw SecretsError.missing(key, this.name, 'memory');
    return value;
  }

  async getOptional(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
}

function setup(ttlMs = 60_000) {
  let now = 1_000;
  const source = new FakeSecretsProvider();
  const clock = {
    advance: (ms: number) => {
      now += ms;
    },
  };
  const sut = new CachedSecrets(source, { ttlMs, now: () => now });
  return { sut, mocks: { source, clock } };
}

describe(CachedSecrets.name, () => {
  it('takes the name of the source so errors and logs name the real provider', () => {
    expect(setup().sut.name).toBe('fake');
  });

  it('serves a cached value within the TTL', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'v1');
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('v1');
    mocks.source.values.set('JWT_SECRET_KEY', 'v2');
    mocks.clock.advance(59_999);
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('v1');
    expect(mocks.source.reads).toBe(1);
  });

  it('re-reads after the TTL', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'v1');
    await sut.get('JWT_SECRET_KEY');
    mocks.source.values.set('JWT_SECRET_KEY', 'v2');
    mocks.clock.advance(60_000);
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('v2');
  });

  it('invalidate(key) forgets only that key', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'j1');
    mocks.source.values.set('AUDIT_CHECKPOINT_KEY', 'a1');
    await sut.get('JWT_SECRET_KEY');
    await sut.get('AUDIT_CHECKPOINT_KEY');
    mocks.source.values.set('JWT_SECRET_KEY', 'j2');
    mocks.source.values.set('AUDIT_CHECKPOINT_KEY', 'a2');
    sut.invalidate('JWT_SECRET_KEY');
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('j2');
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).resolves.toBe('a1');
  });

  it('invalidate() forgets every key', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'j1');
    mocks.source.values.set('AUDIT_CHECKPOINT_KEY', 'a1');
    await sut.get('JWT_SECRET_KEY');
    await sut.get('AUDIT_CHECKPOINT_KEY');
    mocks.source.values.set('JWT_SECRET_KEY', 'j2');
    mocks.source.values.set('AUDIT_CHECKPOINT_KEY', 'a2');
    sut.invalidate();
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('j2');
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).resolves.toBe('a2');
  });

  it('refresh() re-reads every held key at once', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'j1');
    await sut.get('JWT_SECRET_KEY');
    mocks.source.values.set('JWT_SECRET_KEY', 'j2');
    await sut.refresh();
    expect(mocks.source.reads).toBe(2);
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('j2');
    expect(mocks.source.reads).toBe(2);
  });

  it('refresh(key) rejects with the source error and drops the stale value', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'j1');
    await sut.get('JWT_SECRET_KEY');
    mocks.source.failWith = SecretsError.unreachable('JWT_SECRET_KEY', 'fake', 'memory');
    await expect(sut.refresh('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE' });
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE' });
  });

  it('does not cache absence or failures', async () => {
    const { sut, mocks } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_MISSING', provider: 'fake' });
    await expect(sut.getOptional('JWT_SECRET_KEY')).resolves.toBeUndefined();
    mocks.source.values.set('JWT_SECRET_KEY', 'created');
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('created');
  });

  it('getOptional still rejects when the source is denied', async () => {
    const { sut, mocks } = setup();
    mocks.source.failWith = SecretsError.accessDenied('JWT_SECRET_KEY', 'fake', 'memory');
    await expect(sut.getOptional('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('shares one source read between concurrent callers', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'v1');
    await expect(Promise.all([sut.get('JWT_SECRET_KEY'), sut.get('JWT_SECRET_KEY')])).resolves.toEqual(['v1', 'v1']);
    expect(mocks.source.reads).toBe(1);
  });

  it('does not store a read that was invalidated while in flight', async () => {
    const { sut, mocks } = setup();
    mocks.source.values.set('JWT_SECRET_KEY', 'old');
    const early = sut.get('JWT_SECRET_KEY');
    sut.invalidate('JWT_SECRET_KEY');
    mocks.source.values.set('JWT_SECRET_KEY', 'new');
    await expect(early).resolves.toBe('old');
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('new');
  });

  it('with a TTL of 0 always reads through', async () => {
    const { sut, mocks } = setup(0);
    mocks.source.values.set('JWT_SECRET_KEY', 'v');
    await sut.get('JWT_SECRET_KEY');
    await sut.get('JWT_SECRET_KEY');
    expect(mocks.source.reads).toBe(2);
  });

  it('rejects a negative TTL', () => {
    expect(() => new CachedSecrets(new FakeSecretsProvider(), { ttlMs: -1 })).toThrow(RangeError);
  });
});
