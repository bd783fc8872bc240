import type { RpcClient } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { cutoffSecondsFor, UserTokenCutoffs } from './user-token-cutoffs';

describe(UserTokenCutoffs.name, () => {
  function setup(list: Array<{ user_id: string; not_before: number }> | Error = []) {
    const rpc = { send: jest.fn(() => (list instanceof Error ? Promise.reject(list) : Promise.resolve(list))) };
    const logger = { warn: jest.fn() };
    const sut = new UserTokenCutoffs(rpc as unknown as RpcClient, logger as unknown as Logger);
    return { sut, mocks: { rpc, logger } };
  }

  it('voids tokens issued before the cutoff second, and only for that user', () => {
    const { sut } = setup();
    sut.record('u1', 1000);
    expect(sut.isRevoked('u1', 999)).toBe(true);
    expect(sut.isRevoked('u1', 1000)).toBe(false);
    expect(sut.isRevoked('u2', 1)).toBe(false);
  });

  it('keeps the latest cutoff', () => {
    const { sut } = setup();
    sut.record('u1', 2000);
    sut.record('u1', 1000);
    expect(sut.isRevoked('u1', 1500)).toBe(true);
  });

  it('cuts after the revocation second, so a token from that second is void and the next second is not', () => {
    expect(cutoffSecondsFor(1_700_000_000_000)).toBe(1_700_000_001);
    expect(cutoffSecondsFor(1_700_000_000_999)).toBe(1_700_000_001);
  });

  it('loads cutoffs from auth-service, and survives it being away', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { sut } = setup([{ user_id: 'u3', not_before: now }]);
    await sut.reload();
    expect(sut.isRevoked('u3', now - 1)).toBe(true);
    const away = setup(new Error('down'));
    await expect(away.sut.reload()).resolves.toBeUndefined();
    expect(away.mocks.logger.warn).toHaveBeenCalled();
  });
});
