import type { ArgumentsHost } from '@nestjs/common';
import type { RpcClient } from '@tr4ction/messaging';
import { createLogger } from '@tr4ction/telemetry';
import type { VerifiedClaims } from '@tr4ction/tokens';
import type { AuthenticatedRequest } from '../auth/bearer-auth.guard';
import { ClientAddressResolver } from '../http/client-address';
import { GatewayError } from '../http/problem';
import { AuditRefusalFilter, MAX_REFUSAL_REPORTS_IN_FLIGHT, REFUSAL_REPORT_TIMEOUT_MS } from './audit-refusal.filter';

const FOUNDER: VerifiedClaims = { iss: 'i', sub: 'founder-1', aud: ['a'], exp: 2, iat: 1, jti: 'j', roles: ['founder'], scope: 'api', kid: 'k', alg: 'RS256', extra: {} };

interface Sent {
  pattern: string;
  meta: unknown;
  data: unknown;
  timeoutMs?: number;
}

function setup(answer: () => Promise<unknown> = () => new Promise(() => undefined)) {
  const sent: Sent[] = [];
  const rpc = {
    send: (pattern: string, meta: unknown, data: unknown, timeoutMs?: number) => {
      sent.push({ pattern, meta, data, timeoutMs });
      return answer();
    },
  } as unknown as Pick<RpcClient, 'send'>;
  const sut = new AuditRefusalFilter(rpc, new ClientAddressResolver([]), createLogger('audit-refusal-spec', 'silent'));
  return { sut, sent };
}

function call(sut: AuditRefusalFilter, error: GatewayError, req: Partial<AuthenticatedRequest>): { status?: number; body?: { code: string } } {
  const reply: { status?: number; body?: { code: string } } = {};
  const response = {
    status: (s: number) => ((reply.status = s), response),
    header: () => response,
    send: (b: { code: string }) => ((reply.body = b), response),
  };
  const request = { id: 'req-1', headers: { 'user-agent': 'spec' }, socket: { remoteAddress: '198.51.100.7' }, query: {}, ...req };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  sut.catch(error, host);
  return reply;
}

const forbidden = () => new GatewayError('FORBIDDEN', 'Your roles do not allow this');

describe(AuditRefusalFilter.name, () => {
  it('answers the 403 at once and reports the refusal, with the caller as actor and the raw query, fire-and-forget with a short timeout', () => {
    const { sut, sent } = setup();

    const reply = call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: { url: '/audit/events' } as never, query: { actor_id: 'x', limit: '5' } });

    expect(reply).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(sent).toEqual([
      {
        pattern: 'rpc.audit.refused-read',
        meta: expect.objectContaining({ actor: { type: 'user', id: 'founder-1' }, ip: '198.51.100.7', user_agent: 'spec', request_id: 'req-1' }),
        data: { endpoint: '/audit/events', query: { actor_id: 'x', limit: '5' }, reason: 'FORBIDDEN' },
        timeoutMs: REFUSAL_REPORT_TIMEOUT_MS,
      },
    ]);
  });

  it('never reports a 401, nor another code, nor a route that is not an audit read', () => {
    const { sut, sent } = setup();

    expect(call(sut, new GatewayError('UNAUTHENTICATED', 'A bearer access token is required'), { routeOptions: { url: '/audit/verify' } as never }).status).toBe(401);
    expect(call(sut, new GatewayError('INVALID_TOKEN', 'The access token is invalid or expired'), { routeOptions: { url: '/audit/verify' } as never }).status).toBe(401);
    call(sut, new GatewayError('PASSWORD_CHANGE_REQUIRED', 'Change your password'), { refusedAuth: FOUNDER, routeOptions: { url: '/audit/verify' } as never });
    call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: { url: '/admin/keys' } as never });

    expect(sent).toEqual([]);
  });

  it('still answers 403 when audit-service fails, and logs instead of throwing', async () => {
    const { sut, sent } = setup(() => Promise.reject(new Error('no responders')));

    const reply = call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: { url: '/audit/verify' } as never });
    await new Promise((r) => setImmediate(r));

    expect(reply.status).toBe(403);
    expect(sent).toHaveLength(1);
  });

  it('caps the reports in flight while audit-service does not answer, and takes new ones once they settle', async () => {
    let settle: () => void = () => undefined;
    const pending = new Promise<void>((r) => (settle = r));
    const { sut, sent } = setup(() => pending);
    const refuse = () => call(sut, forbidden(), { refusedAuth: FOUNDER, routeOptions: { url: '/audit/events/export' } as never });

    for (let i = 0; i < MAX_REFUSAL_REPORTS_IN_FLIGHT + 5; i++) expect(refuse().status).toBe(403);
    expect(sent).toHaveLength(MAX_REFUSAL_REPORTS_IN_FLIGHT);

    settle();
    await new Promise((r) => setImmediate(r));
    refuse();
    expect(sent).toHaveLength(MAX_REFUSAL_REPORTS_IN_FLIGHT + 1);
  });
});
