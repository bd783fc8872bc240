import type { ArgumentsHost } from '@nestjs/common';
import { createLogger } from '@tr4ction/telemetry';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { ClientAddressResolver } from '../http/client-address';
import { GatewayError } from '../http/problem';
import { RateLimitedError, RateLimitUnavailableError } from '../rate-limit/rate-limited.error';
import { AuditRefusalFilter } from './audit-refusal.filter';
import type { Refusal } from './audit-refusal.recorder';

const FOUNDER: VerifiedClaims = {
  iss: 'i',
  sub: 'founder-1',
  aud: ['a'],
  exp: 2,
  iat: 1,
  jti: 'j',
  roles: ['founder'],
  scope: '',
  kid: 'k',
  alg: 'RS256',
  extra: {},
};

interface Reply {
  status?: number;
  body?: { code: string };
  headers: Record<string, string>;
}

function setup(limit: (caller: string) => Promise<void> = async () => undefined) {
  const noted: Refusal[] = [];
  const fakeRecorder = { note: (r: Refusal) => void noted.push(r) };
  const fakeLimits = { checkAuditRefusal: jest.fn(limit) };
  const sut = new AuditRefusalFilter(fakeRecorder, fakeLimits, new ClientAddressResolver([]), createLogger('audit-refusal-spec', 'silent'));
  return { sut, noted, fakeLimits };
}

async function call(sut: AuditRefusalFilter, error: GatewayError, req: Partial<AuthenticatedRequest>): Promise<Reply> {
  const reply: Reply = { headers: {} };
  const response = {
    status: (s: number) => ((reply.status = s), response),
    header: (k: string, v: string) => ((reply.headers[k.toLowerCase()] = v), response),
    send: (b: { code: string }) => ((reply.body = b), response),
  };
  const request = { id: 'req-1', headers: { 'user-agent': 'spec' }, socket: { remoteAddress: '198.51.100.7' }, query: {}, ...req };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  await sut.catch(error, host);
  return reply;
}

const forbidden = () => new GatewayError('FORBIDDEN', 'Your roles do not allow this');
const route = (url: string) => ({ url }) as never;

describe(AuditRefusalFilter.name, () => {
  it('answers 403 and notes the refusal with the caller as actor and the raw query, counted against the caller’s budget', async () => {
    const { sut, noted, fakeLimits } = setup();

    const reply = await call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: route('/audit/events'), query: { actor_id: 'x', limit: '5' } });

    expect(reply).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(noted).toEqual([
      {
        caller: 'user:founder-1',
        endpoint: '/audit/events',
        query: { actor_id: 'x', limit: '5' },
        reason: 'FORBIDDEN',
        meta: expect.objectContaining({ actor: { type: 'user', id: 'founder-1' }, ip: '198.51.100.7', user_agent: 'spec', request_id: 'req-1' }),
      },
    ]);
    expect(fakeLimits.checkAuditRefusal).toHaveBeenCalledWith('user:founder-1');
  });

  it('notes a refusal for a missing scope too, with a service account as actor', async () => {
    const { sut, noted } = setup();
    const robot: VerifiedClaims = { ...FOUNDER, sub: 'sa-1', extra: { client_id: 'c-1' } };
    const reply = await call(sut, new GatewayError('INSUFFICIENT_SCOPE', 'The token lacks the scope audit:read'), {
      refusedAuth: robot,
      routeOptions: route('/audit/verify'),
    });
    expect(reply.status).toBe(403);
    expect(noted.map((r) => [r.caller, r.reason])).toEqual([['service_account:sa-1', 'INSUFFICIENT_SCOPE']]);
  });

  it('answers 429 with Retry-After once the caller is over its refusal budget, still noting the refusal', async () => {
    const { sut, noted } = setup(async () => {
      throw new RateLimitedError(42);
    });
    const reply = await call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: route('/audit/verify') });
    expect(reply).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' }, headers: { 'retry-after': '42' } });
    expect(noted).toHaveLength(1);
  });

  it('answers 503 when the limiter fails closed', async () => {
    const { sut } = setup(async () => {
      throw new RateLimitUnavailableError();
    });
    expect(await call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: route('/audit/verify') })).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
    });
  });

  it('never notes nor counts a 401, another code, or a route that is not an audit read', async () => {
    const { sut, noted, fakeLimits } = setup();

    expect((await call(sut, new GatewayError('UNAUTHENTICATED', 'A bearer access token is required'), { routeOptions: route('/audit/verify') })).status).toBe(
      401,
    );
    expect(
      (await call(sut, new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired'), { routeOptions: route('/audit/verify') })).status,
    ).toBe(401);
    await call(sut, new GatewayError('PASSWORD_CHANGE_REQUIRED', 'Change your password'), { refusedAuth: FOUNDER, routeOptions: route('/audit/verify') });
    await call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: route('/admin/keys') });

    expect(noted).toEqual([]);
    expect(fakeLimits.checkAuditRefusal).not.toHaveBeenCalled();
  });
});
