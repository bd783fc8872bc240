import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type * as SessionModule from './session';

/** Imported afresh for each test: the module keeps the session in its own variables. */
type Session = typeof SessionModule;

/** A fake gateway (unit test: no server): answers login, refresh and me, and counts the refreshes. */
function fakeGateway(refreshExpiresIn: number) {
  const calls: string[] = [];
  let n = 0;
  const pair = () => ({
    access_token: `a${++n}`,
    refresh_token: `r${n}`,
    token_type: 'Bearer',
    expires_in: 900,
    refresh_expires_in: refreshExpiresIn,
    password_change_required: false,
  });
  const fetch = jest.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    calls.push(path);
    const body =
      path === '/auth/me'
        ? { id: 'u1', email: 'a@example.com', name: null, roles: ['admin'], password_expires_at: null, password_change_required: false }
        : pair();
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetch, refreshes: () => calls.filter((c) => c === '/auth/refresh').length };
}

/** Stands in for window: keeps the input listeners so a test can "type". */
function fakeWindow() {
  const handlers: Array<() => void> = [];
  return {
    target: { addEventListener: (_type: string, handler: () => void) => handlers.push(handler) } as unknown as Pick<Window, 'addEventListener'>,
    input: () => handlers.forEach((h) => h()),
  };
}

describe('console session', () => {
  let session: Session;
  let ended: string[];

  beforeEach(async () => {
    jest.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    jest.resetModules();
    session = await import('./session');
    ended = [];
    session.onSessionEnd((why) => ended.push(why));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  async function signedIn(refreshExpiresIn: number) {
    const gateway = fakeGateway(refreshExpiresIn);
    globalThis.fetch = gateway.fetch as unknown as typeof fetch;
    const window = fakeWindow();
    session.watchActivity(window.target);
    expect(await session.signIn('a@example.com', 'pw')).toMatchObject({ kind: 'signed-in' });
    return { gateway, window };
  }

  it('signs out after the idle timeout when nobody uses it, without refreshing', async () => {
    const { gateway } = await signedIn(600);

    await jest.advanceTimersByTimeAsync(599_000);
    expect(ended).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000);

    expect(ended).toEqual(['expired']);
    expect(session.isSignedIn()).toBe(false);
    expect(gateway.refreshes()).toBe(0);
  });

  it('keeps refreshing while the user is active', async () => {
    const { gateway, window } = await signedIn(600);

    for (let minute = 1; minute <= 60; minute += 1) {
      await jest.advanceTimersByTimeAsync(60_000);
      window.input();
    }

    expect(ended).toEqual([]);
    expect(gateway.refreshes()).toBeGreaterThanOrEqual(6);
  });

  it('an idle user who comes back before the deadline is refreshed at the first input', async () => {
    const { gateway, window } = await signedIn(600);
    await jest.advanceTimersByTimeAsync(500_000);
    expect(gateway.refreshes()).toBe(0);

    window.input();
    await jest.advanceTimersByTimeAsync(0);

    expect(gateway.refreshes()).toBe(1);
    await jest.advanceTimersByTimeAsync(200_000);
    expect(ended).toEqual([]);
  });
});
