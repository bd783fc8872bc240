import type { RuntimeSettings } from '@tr4ction/contracts';
import { TokenLifetimes } from './token-lifetimes';

describe(TokenLifetimes.name, () => {
  function setup(overrides: Partial<RuntimeSettings> = {}) {
    const current = { ...overrides };
    const sut = new TokenLifetimes(
      { override: <K extends keyof RuntimeSettings>(k: K) => current[k] as RuntimeSettings[K] | undefined },
      { ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 30, SESSION_IDLE_TIMEOUT_SECONDS: 604_800, SESSION_MAX_LIFETIME_SECONDS: 2_592_000 },
    );
    return { sut, current };
  }

  it('uses the environment until an admin changes a lifetime, and the new value from the next issue on', () => {
    const { sut, current } = setup();
    expect([sut.accessSeconds(), sut.refreshSeconds()]).toEqual([900, 30 * 86_400]);
    current.access_token_ttl_seconds = 600;
    current.refresh_token_ttl_seconds = 7_200;
    expect([sut.accessSeconds(), sut.refreshSeconds()]).toEqual([600, 7_200]);
  });
});
