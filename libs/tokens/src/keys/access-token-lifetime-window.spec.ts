import { AccessTokenLifetimeWindow } from './access-token-lifetime-window';

const T0 = Date.parse('2026-11-28T04:00:00Z');
const S = 1000;

function setup(envSeconds = 900): { sut: AccessTokenLifetimeWindow } {
  return { sut: new AccessTokenLifetimeWindow({ envSeconds, maxSeconds: 86_400 }) };
}

describe(AccessTokenLifetimeWindow.name, () => {
  it('assumes the upper bound before the first snapshot, when nothing is known', () => {
    const { sut } = setup();

    expect(sut.seconds(T0)).toBe(86_400);
  });

  it('is the env lifetime while no admin has changed the setting', () => {
    const { sut } = setup();
    sut.observe(900, T0, null);

    expect(sut.seconds(T0)).toBe(900);
  });

  it('follows a raised lifetime at once', () => {
    const { sut } = setup();
    sut.observe(900, T0, null);
    sut.observe(3600, T0 + 10 * S, T0 + 10 * S);

    expect(sut.seconds(T0 + 11 * S)).toBe(3600);
  });

  it('never goes below the env lifetime when the setting is lowered', () => {
    const { sut } = setup();
    sut.observe(900, T0, null);
    sut.observe(120, T0 + S, T0 + S);

    expect(sut.seconds(T0 + 2 * S + 900 * S)).toBe(900);
  });

  it('keeps a lowered lifetime until the last token issued under it has expired, then drops it', () => {
    const { sut } = setup();
    sut.observe(900, T0, null);
    sut.observe(7200, T0, T0);
    sut.observe(120, T0 + 100 * S, T0 + 100 * S);

    expect(sut.seconds(T0 + 100 * S)).toBe(7200);
    expect(sut.seconds(T0 + 100 * S + 7199 * S)).toBe(7200);
    expect(sut.seconds(T0 + 100 * S + 7200 * S)).toBe(900);
  });

  it('counts every value of a quick series of changes, not only the last two', () => {
    const { sut } = setup(60);
    sut.observe(60, T0, null);
    sut.observe(7200, T0 + S, T0 + S);
    sut.observe(3600, T0 + 2 * S, T0 + 2 * S);
    sut.observe(60, T0 + 3 * S, T0 + 3 * S);

    expect(sut.seconds(T0 + 4 * S)).toBe(7200);
    expect(sut.seconds(T0 + 2 * S + 3600 * S)).toBe(7200);
    expect(sut.seconds(T0 + 2 * S + 7200 * S)).toBe(60);
  });

  it('assumes the upper bound for what was in effect before a change made before it started', () => {
    const { sut } = setup();
    sut.observe(300, T0, T0 - 1000 * S);

    expect(sut.seconds(T0)).toBe(86_400);
    expect(sut.seconds(T0 - 1000 * S + 86_400 * S)).toBe(900);
  });

  it('ignores a change made more than an upper bound before it started', () => {
    const { sut } = setup();
    sut.observe(300, T0, T0 - 86_400 * S - S);

    expect(sut.seconds(T0)).toBe(900);
  });

  it('reads the lifetime of a settings snapshot, the env value when no admin set it', () => {
    const { sut } = setup();
    sut.observeSnapshot({ overrides: {}, updated_at: null }, T0);
    sut.observeSnapshot({ overrides: { access_token_ttl_seconds: 1800 }, updated_at: new Date(T0 + S).toISOString() }, T0 + S);

    expect(sut.seconds(T0 + 2 * S)).toBe(1800);
  });

  it('knows the whole history when no admin ever set the lifetime, whatever else changed recently', () => {
    const { sut } = setup();
    sut.observeSnapshot({ overrides: {}, updated_at: new Date(T0 - S).toISOString() }, T0);

    expect(sut.seconds(T0)).toBe(900);
  });

  it('assumes the upper bound at start when an admin set the lifetime recently (what it replaced is unknown)', () => {
    const { sut } = setup();
    sut.observeSnapshot({ overrides: { access_token_ttl_seconds: 600 }, updated_at: new Date(T0 - S).toISOString() }, T0);

    expect(sut.seconds(T0)).toBe(86_400);
  });
});
