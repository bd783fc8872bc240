/**
 * Refresh rotation and revocation on real Postgres (row locks decide the races) with a real outbox
 * relay on NATS. user-service is replaced by a stub answering `me` (it is not what is under test).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { authServiceSchema, parseConfig } from '@tr4ction/config';
import { createEvent, uuidv7, type RequestMeta } from '@tr4ction/contracts';
import { ensureStreams, EventRecorder, OutboxRelay, RpcCallError, UnitOfWork, type RpcClient } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { SystemClock } from '@tr4ction/platform';
import { createLogger } from '@tr4ction/telemetry';
import { AccessTokenVerifier, generateSigningKey, type AccessTokenSigningKey, type VerifiedClaims } from '@tr4ction/tokens';
import { integrationEnv, testBusKeys } from '@tr4ction/testing';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RevocationEventsHandler } from './revocation-events.handler';
import { RevocationRepository } from './revocation.repository';
import { RevocationService } from './revocation.service';
import { SessionService, type SessionUser, type TokenPair } from './session.service';
import { SessionsRepository } from './sessions.repository';
import { UserSessionsService } from './user-sessions.service';
import { TokenIssuer } from './token-issuer';

const DAY_MS = 24 * 60 * 60 * 1000;
const logger = createLogger('session-spec', 'silent');

const ISSUER = 'http://issuer.test';

describe(SessionService.name, () => {
  let ds: DataSource;
  let nc: NatsConnection;
  let clock: SystemClock;
  let sut: SessionService;
  let revocation: RevocationService;
  let userSessions: UserSessionsService;
  let handler: RevocationEventsHandler;
  let verifier: AccessTokenVerifier;
  let signingKey: AccessTokenSigningKey;
  const users = new Map<string, SessionUser>();

  // Stands in for user-service's `me`: the current roles, or NOT_FOUND for a deleted user.
  const userServiceStub = {
    send: async (_pattern: string, _meta: RequestMeta, data: { user_id: string }) => {
      const user = users.get(data.user_id);
      if (!user) throw new RpcCallError('NOT_FOUND', 'No such user');
      return user;
    },
  } as unknown as RpcClient;

  function newUser(roles = ['founder']): SessionUser & { meta: RequestMeta } {
    const user = { id: uuidv7(), roles, password_change_required: false };
    users.set(user.id, user);
    return { ...user, meta: { actor: { type: 'user', id: user.id }, ip: '127.0.0.1', user_agent: 'session-spec/1.0' } };
  }

  const claimsOf = (pair: TokenPair): VerifiedClaims => verifier.verify(pair.access_token);
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => ds.query(sql, params);

  /**
   * How a repository call's own statement reads `table`, from Postgres's plan of it (EXPLAIN, not run):
   * one "<node type> <index>" per scan of the table. The call gets a query function that explains.
   */
  async function readsOf(table: string, call: (explaining: EntityManager) => Promise<unknown>): Promise<string[]> {
    let plan: unknown;
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        plan = await ds.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        return [[], 0];
      },
    } as unknown as EntityManager;
    await call(explaining).catch(() => undefined);
    const reads: string[] = [];
    const walk = (node: Record<string, unknown>): void => {
      if (node['Relation Name'] === table && String(node['Node Type']).endsWith('Scan'))
        reads.push(`${String(node['Node Type'])} ${String(node['Index Name'] ?? '')}`.trim());
      for (const child of (node['Plans'] as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
    };
    walk((plan as Array<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>)[0]['QUERY PLAN'][0].Plan);
    return reads;
  }

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'auth', service: 'session-spec', migrations: [] });
    await ds.initialize();
    nc = await connect(integrationEnv().natsOptions);
    await ensureStreams(await nc.jetstreamManager());
    const key = await generateSigningKey('RS256');
    signingKey = { kid: key.kid, alg: 'RS256', privatePem: key.privatePem };
    verifier = new AccessTokenVerifier({
      issuer: ISSUER,
      audience: 'tr4ction-api',
      allowedAlgs: ['RS256'],
      resolveKey: (kid) => (kid === key.kid ? { alg: 'RS256', publicPem: key.publicPem } : undefined),
      now: () => clock.now().getTime(),
    });
  });

  afterAll(async () => {
    await ds.destroy();
    await nc.close();
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE auth.refresh_tokens, auth.sessions, auth.revoked_tokens, auth.user_token_cutoffs, auth.global_token_cutoff`);
    clock = new SystemClock();
    const config = parseConfig(authServiceSchema, {});
    const recorder = new EventRecorder('auth');
    const relay = new OutboxRelay(ds, 'auth', nc.jetstream(), testBusKeys().signer('auth-service'), logger);
    const unitOfWork = new UnitOfWork(ds, recorder, relay);
    const refreshTokens = new RefreshTokensRepository(ds);
    const sessions = new SessionsRepository(ds);
    const revocations = new RevocationRepository(ds);
    const issuer = new TokenIssuer({ current: () => signingKey }, 900, () => clock.now().getTime(), ISSUER);
    revocation = new RevocationService(revocations, refreshTokens, sessions, unitOfWork, 'auth-service', clock, issuer);
    sut = new SessionService(refreshTokens, sessions, revocation, issuer, userServiceStub, unitOfWork, 'auth-service', clock, config);
    userSessions = new UserSessionsService(sessions, revocations, revocation, unitOfWork, clock, config);
    handler = new RevocationEventsHandler(revocation, unitOfWork);
  });

  it('stores refresh tokens only as hashes and rotates them at every use, keeping the family and its absolute end', async () => {
    const user = newUser();
    const first = await sut.start(user, user.meta);

    const second = await sut.refresh(first.refresh_token, user.meta);

    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(claimsOf(second)).toMatchObject({ sub: user.id, roles: ['founder'], scope: '' });
    const stored = await rows<{ token_hash: string; family_id: string; expires_at: Date; spent_at: Date | null }>(
      `SELECT token_hash, family_id, expires_at, spent_at FROM auth.refresh_tokens WHERE user_id = $1 ORDER BY issued_at`,
      [user.id],
    );
    expect(JSON.stringify(stored)).not.toContain(first.refresh_token.slice(3));
    expect(stored).toHaveLength(2);
    expect(stored[0].family_id).toBe(stored[1].family_id);
    expect(stored[0].expires_at).toEqual(stored[1].expires_at);
    expect(stored[0].spent_at).not.toBeNull();
    expect(stored[1].spent_at).toBeNull();
  });

  it('reuse of a spent refresh token revokes the whole family, access tokens included', async () => {
    const user = newUser();
    const first = await sut.start(user, user.meta);
    const second = await sut.refresh(first.refresh_token, user.meta);

    await expect(sut.refresh(first.refresh_token, user.meta)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });

    await expect(sut.refresh(second.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const denied = (await rows<{ jti: string }>(`SELECT jti FROM auth.revoked_tokens`)).map((r) => r.jti).sort();
    expect(denied).toEqual([claimsOf(first).jti, claimsOf(second).jti].sort());
    const types = (await rows<{ type: string }>(`SELECT envelope->>'type' AS type FROM auth.outbox WHERE envelope->'data'->>'family_id' IS NOT NULL`)).map(
      (r) => r.type,
    );
    expect(types).toEqual(expect.arrayContaining(['RefreshTokenReuseDetected', 'TokenRevoked']));
    const state = await revocation.state();
    expect(state.denied.map((d) => d.jti).sort()).toEqual(denied);
  });

  it('two concurrent refreshes with one token: exactly one succeeds', async () => {
    for (let round = 0; round < 5; round += 1) {
      const user = newUser();
      const pair = await sut.start(user, user.meta);

      const results = await Promise.allSettled([sut.refresh(pair.refresh_token, user.meta), sut.refresh(pair.refresh_token, user.meta)]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    }
  });

  it('refuses a refresh after the absolute lifetime, however recently the token was rotated', async () => {
    const user = newUser();
    let pair = await sut.start(user, user.meta);
    // Used every few days, so the (7-day) idle timeout never applies.
    for (const day of [6, 12, 18, 24, 29]) {
      clock.setOffset(day * DAY_MS);
      pair = await sut.refresh(pair.refresh_token, user.meta);
    }
    clock.setOffset(30 * DAY_MS + 1000);
    await expect(sut.refresh(pair.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses unknown and malformed refresh tokens alike', async () => {
    const meta: RequestMeta = { actor: { type: 'user', id: null } };
    for (const token of ['rt_unknown-but-well-formed-0000000000000000000000000', 'not-a-token', '', 42]) {
      await expect(sut.refresh(token, meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    }
  });

  it('carries fresh roles at refresh, and ends the family of a user who no longer exists', async () => {
    const user = newUser(['founder']);
    const pair = await sut.start(user, user.meta);
    users.set(user.id, { ...users.get(user.id)!, roles: ['founder', 'auditor'] });
    const refreshed = await sut.refresh(pair.refresh_token, user.meta);
    expect(claimsOf(refreshed).roles).toEqual(['founder', 'auditor']);

    users.delete(user.id);
    await expect(sut.refresh(refreshed.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const revoked = await rows<{ n: string }>(`SELECT count(*) AS n FROM auth.refresh_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL`, [user.id]);
    expect(Number(revoked[0].n)).toBe(2);
  });

  it('a per-user cutoff voids that user’s refresh tokens, and tokens issued in the same second still count as after it', async () => {
    const alice = newUser();
    const bob = newUser();
    const a = await sut.start(alice, alice.meta);
    const b = await sut.start(bob, bob.meta);

    const { not_before } = await revocation.revokeSubject({ user_id: alice.id, reason: 'admin' }, alice.meta);

    await expect(sut.refresh(a.refresh_token, alice.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(sut.refresh(b.refresh_token, bob.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
    // The issuer lifts iat past the cutoff, so whole-second comparisons at the gateway hold.
    const again = await sut.start(alice, alice.meta);
    expect(claimsOf(again).iat).toBeGreaterThanOrEqual(Math.ceil(Date.parse(not_before) / 1000));
    expect(claimsOf(a).iat).toBeLessThan(Math.ceil(Date.parse(not_before) / 1000));
  });

  it('reads a subject’s cutoff by its primary key, the global one for an id that is no uuid', async () => {
    const repo = new RevocationRepository(ds);
    const subject = uuidv7();
    await ds.query(`INSERT INTO auth.user_token_cutoffs (user_id, not_before) SELECT gen_random_uuid(), now() FROM generate_series(1, 2000)`);
    await ds.query(`INSERT INTO auth.user_token_cutoffs (user_id, not_before) VALUES ($1, '2030-01-01T00:00:00Z')`, [subject]);
    await ds.query(`INSERT INTO auth.global_token_cutoff (id, not_before, reason) VALUES (1, '2029-01-01T00:00:00Z', 'spec')`);
    await ds.query(`ANALYZE auth.user_token_cutoffs`);

    expect((await repo.cutoffFor(subject))?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect((await repo.cutoffFor(uuidv7()))?.toISOString()).toBe('2029-01-01T00:00:00.000Z');
    expect((await repo.cutoffFor('svc-not-a-uuid'))?.toISOString()).toBe('2029-01-01T00:00:00.000Z');
    expect(await readsOf('user_token_cutoffs', (explaining) => repo.cutoffFor(subject, explaining))).toEqual([
      expect.stringMatching(/^Index (Only )?Scan user_token_cutoffs_pkey$/),
    ]);
  });

  it('reads the revocation snapshot’s recent cutoffs by time, not every cutoff ever set', async () => {
    const repo = new RevocationRepository(ds);
    const recent = uuidv7();
    await ds.query(
      `INSERT INTO auth.user_token_cutoffs (user_id, not_before) SELECT gen_random_uuid(), now() - interval '30 days' FROM generate_series(1, 2000)`,
    );
    await ds.query(`INSERT INTO auth.user_token_cutoffs (user_id, not_before) VALUES ($1, now())`, [recent]);
    await ds.query(`ANALYZE auth.user_token_cutoffs`);
    const since = new Date(Date.now() - 60 * 60 * 1000);

    expect((await repo.recentUserCutoffs(since)).map((c) => c.user_id)).toEqual([recent]);
    expect(await readsOf('user_token_cutoffs', (explaining) => new RevocationRepository(explaining as unknown as DataSource).recentUserCutoffs(since))).toEqual(
      [expect.stringMatching(/^(Bitmap Index Scan|Index Scan|Index Only Scan) user_token_cutoffs_not_before$/)],
    );
  });

  it('finds a user’s sessions and refresh tokens through the user_id indexes, not by reading the tables', async () => {
    const user = newUser();
    await sut.start(user, user.meta);
    await ds.query(`INSERT INTO auth.sessions (id, user_id, created_at, last_used_at, expires_at)
      SELECT gen_random_uuid(), gen_random_uuid(), now(), now(), now() + interval '1 day' FROM generate_series(1, 2000)`);
    await ds.query(`INSERT INTO auth.refresh_tokens (token_hash, family_id, user_id, roles, scope, issued_at, expires_at)
      SELECT md5(g::text), gen_random_uuid(), gen_random_uuid(), '{}', '', now(), now() + interval '1 day' FROM generate_series(1, 2000) g`);
    await ds.query(`ANALYZE auth.sessions`);
    await ds.query(`ANALYZE auth.refresh_tokens`);
    const now = new Date();
    const byIndex = expect.stringMatching(/^(Bitmap Index Scan|Index Scan|Index Only Scan) (sessions_user_live|refresh_tokens_user)$/);

    expect(
      await readsOf('sessions', (explaining) => new SessionsRepository(explaining as unknown as DataSource).listLive(user.id, now, new Date(0), new Date(0))),
    ).toEqual([byIndex]);
    expect(await readsOf('sessions', (explaining) => new SessionsRepository(ds).end(explaining, { userId: user.id }, now, 'spec'))).toEqual([byIndex]);
    expect(await readsOf('refresh_tokens', (explaining) => new RefreshTokensRepository(ds).revokeUserFamilies(explaining, user.id, now))).toEqual([byIndex]);
    // A subject id that is no uuid matches nothing, where the cast column once matched by text.
    expect(await new SessionsRepository(ds).listLive('svc-not-a-uuid', now, new Date(0), new Date(0))).toEqual([]);
  });

  it('revoke-all voids every refresh token issued before it; sessions started after it work', async () => {
    const alice = newUser();
    const before = await sut.start(alice, alice.meta);

    const { not_before } = await revocation.revokeAll({ reason: 'incident 42' }, alice.meta);

    await expect(sut.refresh(before.refresh_token, alice.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const after = await sut.start(alice, alice.meta);
    expect(claimsOf(after).iat).toBeGreaterThanOrEqual(Math.ceil(Date.parse(not_before) / 1000));
    await expect(sut.refresh(after.refresh_token, alice.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
    expect((await revocation.state()).global_not_before).toBe(not_before);
  });

  it('logout denies the access token and ends its family, found from the access token when no refresh token is given', async () => {
    const user = newUser();
    const pair = await sut.start(user, user.meta);
    const claims = claimsOf(pair);

    await revocation.logout({ jti: claims.jti, exp: claims.exp, sub: user.id }, user.meta);

    await expect(sut.refresh(pair.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    const denied = await rows<{ jti: string; expires_at: Date }>(`SELECT jti, expires_at FROM auth.revoked_tokens`);
    expect(denied).toEqual([{ jti: claims.jti, expires_at: new Date(claims.exp * 1000) }]);
    // A second logout with the same token changes nothing.
    await revocation.logout({ jti: claims.jti, exp: claims.exp, sub: user.id }, user.meta);
    expect(await rows(`SELECT jti FROM auth.revoked_tokens`)).toHaveLength(1);
  });

  it('logout never ends another user’s family, even when handed their refresh token', async () => {
    const alice = newUser();
    const mallory = newUser();
    const alicePair = await sut.start(alice, alice.meta);
    const malloryClaims = claimsOf(await sut.start(mallory, mallory.meta));

    await revocation.logout({ jti: malloryClaims.jti, exp: malloryClaims.exp, sub: mallory.id, refresh_token: alicePair.refresh_token }, mallory.meta);

    await expect(sut.refresh(alicePair.refresh_token, alice.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('a deleted user or revoked service account loses its tokens once, however often the event is delivered', async () => {
    const user = newUser();
    const pair = await sut.start(user, user.meta);
    const deleted = createEvent({
      type: 'UserDeleted',
      actor: { type: 'user', id: uuidv7() },
      subject: { type: 'user', id: user.id },
      source: { service: 'user-service' },
      trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
      data: { reason: 'admin' },
    });

    await handler.onUserDeleted(deleted);
    await handler.onUserDeleted(deleted); // a redelivery

    await expect(sut.refresh(pair.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await revocation.state()).user_cutoffs.map((c) => c.user_id)).toContain(user.id);
    const revokedEvents = await rows<{ n: string }>(
      `SELECT count(*) AS n FROM auth.outbox WHERE envelope->>'type' = 'TokenRevoked' AND envelope->'subject'->>'id' = $1`,
      [user.id],
    );
    expect(Number(revokedEvents[0].n)).toBe(1);
  });

  describe('sessions', () => {
    const TRACE = { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) };
    const sessionEvents = (userId: string) =>
      rows<{ session_id: string; reason: string; actor: string }>(
        `SELECT envelope->'data'->>'session_id' AS session_id, envelope->'data'->>'reason' AS reason, envelope->'actor'->>'id' AS actor
         FROM auth.outbox WHERE envelope->>'type' = 'SessionRevoked' AND envelope->'subject'->>'id' = $1 ORDER BY position`,
        [userId],
      );

    it('a sign-in starts a session whose id is the sid of its access tokens, with address, agent and last use', async () => {
      const user = newUser();
      const first = await sut.start(user, user.meta);
      const claims = claimsOf(first);
      expect(claims.extra).toMatchObject({ sid: expect.any(String), auth_time: expect.any(Number) });
      expect(first.refresh_expires_in).toBe(7 * 86_400);

      clock.setOffset(60_000);
      const second = await sut.refresh(first.refresh_token, { ...user.meta, ip: '198.51.100.7', user_agent: 'other-agent' });
      expect(claimsOf(second).extra).toMatchObject({ sid: claims.extra['sid'], auth_time: claims.extra['auth_time'] });

      const { items } = await userSessions.list({ user_id: user.id, current_session_id: String(claims.extra['sid']) });
      expect(items).toEqual([
        {
          id: claims.extra['sid'],
          created_at: expect.any(String),
          last_used_at: expect.any(String),
          ip: '198.51.100.7',
          user_agent: 'other-agent',
          current: true,
        },
      ]);
      expect(Math.floor(Date.parse(items[0].created_at) / 1000)).toBe(claims.extra['auth_time']);
      expect(Date.parse(items[0].last_used_at) - Date.parse(items[0].created_at)).toBeGreaterThanOrEqual(60_000);
    });

    it('ending every other session: their refresh tokens are refused, their access tokens denied by sid, the current one lives', async () => {
      const user = newUser();
      const current = await sut.start(user, user.meta);
      const other = await sut.start(user, { ...user.meta, user_agent: 'stolen-laptop' });
      const currentSid = String(claimsOf(current).extra['sid']);
      const otherSid = String(claimsOf(other).extra['sid']);

      const { ended } = await userSessions.end({ user_id: user.id, except_session_id: currentSid, reason: 'user' }, user.meta);

      expect(ended).toEqual([otherSid]);
      await expect(sut.refresh(other.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
      await expect(sut.refresh(current.refresh_token, user.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
      const state = await revocation.state();
      expect(state.denied_sessions.map((d) => d.sid)).toEqual([otherSid]);
      expect(state.denied.map((d) => d.jti)).toEqual([claimsOf(other).jti]);
      expect(await sessionEvents(user.id)).toEqual([{ session_id: otherSid, reason: 'user', actor: user.id }]);
      expect((await userSessions.list({ user_id: user.id })).items.map((i) => i.id)).toEqual([currentSid]);
    });

    it('a session id of another user is not found, and nothing ends', async () => {
      const alice = newUser();
      const mallory = newUser();
      const alicePair = await sut.start(alice, alice.meta);
      const aliceSid = String(claimsOf(alicePair).extra['sid']);

      await expect(userSessions.end({ user_id: mallory.id, session_id: aliceSid, reason: 'user' }, mallory.meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(userSessions.end({ user_id: mallory.id, session_id: 'not-a-uuid', reason: 'user' }, mallory.meta)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(sut.refresh(alicePair.refresh_token, alice.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
    });

    it('a refresh after the idle timeout is refused and ends the session (SessionRevoked idle_timeout)', async () => {
      const user = newUser();
      let pair = await sut.start(user, user.meta);
      clock.setOffset(6 * DAY_MS);
      pair = await sut.refresh(pair.refresh_token, user.meta);
      const sid = String(claimsOf(pair).extra['sid']);
      clock.setOffset(13 * DAY_MS + 1000);

      await expect(sut.refresh(pair.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });

      expect(await sessionEvents(user.id)).toEqual([{ session_id: sid, reason: 'idle_timeout', actor: user.id }]);
      expect((await revocation.state()).denied_sessions.map((d) => d.sid)).toEqual([sid]);
    });

    it('a password change ends every other session started before it, once, however often the event is delivered', async () => {
      const user = newUser();
      const kept = await sut.start(user, user.meta);
      const other = await sut.start(user, user.meta);
      const keptSid = String(claimsOf(kept).extra['sid']);
      const changed = createEvent({
        type: 'PasswordChanged',
        actor: { type: 'user', id: user.id },
        subject: { type: 'user', id: user.id },
        source: { service: 'user-service' },
        trace: TRACE,
        data: { reason: 'user', password_expires_at: null, session_id: keptSid },
      });
      clock.setOffset(1000);
      const later = await sut.start(user, user.meta);

      await handler.onPasswordChanged(changed);
      await handler.onPasswordChanged(changed);

      await expect(sut.refresh(other.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
      await expect(sut.refresh(kept.refresh_token, user.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
      await expect(sut.refresh(later.refresh_token, user.meta)).resolves.toMatchObject({ token_type: 'Bearer' });
      expect(await sessionEvents(user.id)).toEqual([{ session_id: String(claimsOf(other).extra['sid']), reason: 'password_changed', actor: user.id }]);
    });

    it('an admin reset ends every session, and an admin revoke records the reason it was given', async () => {
      const user = newUser();
      const a = await sut.start(user, user.meta);
      const b = await sut.start(user, user.meta);
      const admin = uuidv7();

      await revocation.revokeSubject(
        { user_id: user.id, reason: 'password reset by an admin', session_reason: 'password_reset' },
        { actor: { type: 'user', id: admin } },
      );
      await handler.onPasswordReset(
        createEvent({
          type: 'PasswordResetByAdmin',
          actor: { type: 'user', id: admin },
          subject: { type: 'user', id: user.id },
          source: { service: 'user-service' },
          trace: TRACE,
          data: { must_change_password: true },
        }),
      );

      for (const pair of [a, b]) await expect(sut.refresh(pair.refresh_token, user.meta)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
      const events = await sessionEvents(user.id);
      expect(events.map((e) => e.session_id).sort()).toEqual([claimsOf(a).extra['sid'], claimsOf(b).extra['sid']].sort());
      expect(new Set(events.map((e) => `${e.reason}:${e.actor}`))).toEqual(new Set([`password_reset:${admin}`]));
      expect((await userSessions.list({ user_id: user.id })).items).toEqual([]);
    });
  });
});
