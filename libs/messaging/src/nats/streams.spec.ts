import { isTransientJetStreamError, replicasFor } from './streams';

describe('stream settings at boot', () => {
  it('replicasFor: the configured count on creation, never fewer than the existing one', () => {
    expect(replicasFor(1, undefined)).toBe(1);
    expect(replicasFor(3, undefined)).toBe(3);
    expect(replicasFor(1, 3)).toBe(3);
    expect(replicasFor(3, 1)).toBe(3);
  });

  it('retries a JetStream API timeout or 503 (a cluster electing), not a refusal', () => {
    expect(isTransientJetStreamError(Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' }))).toBe(true);
    expect(isTransientJetStreamError(Object.assign(new Error('503'), { code: '503' }))).toBe(true);
    expect(isTransientJetStreamError(new Error('JetStream system temporarily unavailable'))).toBe(true);
    expect(isTransientJetStreamError(new Error('stream not found'))).toBe(false);
    expect(isTransientJetStreamError(new Error('replicas > 1 not supported in non-clustered mode'))).toBe(false);
  });
});
