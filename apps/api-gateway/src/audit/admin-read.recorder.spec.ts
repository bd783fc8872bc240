import type { VerifiedClaims } from '@tr4ction/tokens';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { ClientAddressResolver } from '../http/client-address';
import { AdminReadRecorder, noteAdminReads, type AdminRead } from './admin-read.recorder';

const ADMIN: VerifiedClaims = {
  iss: 'i',
  sub: 'admin-1',
  aud: ['a'],
  exp: 2,
  iat: 1,
  jti: 'j',
  roles: ['admin'],
  scope: '',
  kid: 'k',
  alg: 'RS256',
  extra: {},
};

function request(over: Partial<AuthenticatedRequest> & { url?: string }): AuthenticatedRequest {
  const { url = '/admin/users', ...rest } = over;
  return {
    id: 'req-1',
    method: 'GET',
    headers: { 'user-agent': 'spec' },
    socket: { remoteAddress: '198.51.100.7' },
    routeOptions: { url },
    auth: ADMIN,
    ...rest,
  } as unknown as AuthenticatedRequest;
}

function answered(req: AuthenticatedRequest, statusCode = 200): AdminRead[] {
  const noted: AdminRead[] = [];
  let done = false;
  noteAdminReads({ note: (r) => void noted.push(r) }, new ClientAddressResolver([]))(req, { statusCode } as FastifyReply, () => (done = true));
  expect(done).toBe(true);
  return noted;
}

describe(noteAdminReads.name, () => {
  it('notes a successful admin read with the caller as actor, per route as routed', () => {
    expect(answered(request({ url: '/admin/users/:id/sessions' }))).toEqual([
      {
        caller: 'user:admin-1',
        endpoint: '/admin/users/:id/sessions',
        meta: expect.objectContaining({ actor: { type: 'user', id: 'admin-1' }, ip: '198.51.100.7', request_id: 'req-1' }),
      },
    ]);
    const robot = { ...ADMIN, sub: 'sa-1', extra: { client_id: 'c-1' } };
    expect(answered(request({ url: '/admin/settings', auth: robot })).map((r) => r.caller)).toEqual(['service_account:sa-1']);
  });

  it('notes nothing for a refused or failed read, a write, another route or no verified caller', () => {
    expect(answered(request({}), 403)).toEqual([]);
    expect(answered(request({}), 500)).toEqual([]);
    expect(answered(request({ method: 'POST' }))).toEqual([]);
    expect(answered(request({ url: '/admin/users/:id' }))).toEqual([]);
    expect(answered(request({ url: '/audit/events' }))).toEqual([]);
    expect(answered(request({ auth: undefined }))).toEqual([]);
  });
});

describe(AdminReadRecorder.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('records 20 reads of one caller and route in a window as one rpc.audit.admin-read with count 20', () => {
    const sent: Array<{ pattern: string; data: unknown }> = [];
    const fakeRpc = { send: (pattern: string, _meta: unknown, data: unknown) => (sent.push({ pattern, data }), Promise.resolve({ recorded: true })) } as never;
    let now = Date.UTC(2030, 0, 1);
    const sut = new AdminReadRecorder(fakeRpc, { warn: jest.fn() }, { windowMs: 60_000, now: () => new Date(now) });
    const read: AdminRead = { caller: 'user:admin-1', endpoint: '/admin/users', meta: { actor: { type: 'user', id: 'admin-1' }, request_id: 'r' } };
    for (let i = 0; i < 20; i++) {
      sut.note(read);
      now += 1000;
    }
    sut.note({ ...read, endpoint: '/admin/keys' });
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(60_000);
    expect(sent).toEqual([
      {
        pattern: 'rpc.audit.admin-read',
        data: { route: '/admin/users', count: 20, first_at: '2030-01-01T00:00:00.000Z', last_at: '2030-01-01T00:00:19.000Z' },
      },
      { pattern: 'rpc.audit.admin-read', data: { route: '/admin/keys', count: 1, first_at: '2030-01-01T00:00:20.000Z', last_at: '2030-01-01T00:00:20.000Z' } },
    ]);
  });
});
