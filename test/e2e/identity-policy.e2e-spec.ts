/**
 * Password policy profiles over HTTP, the whole stack as real processes: every rule of each
 * profile (all violations listed at once), history, expiry with the clock moved, no truncation
 * or case folding, the 1 KiB cap, the first-login change of both seeded accounts and the argon2
 * parameter upgrade at login.
 *
 * Profiles and time are user-service's: each is switched by restarting user-service with another
 * PASSWORD_POLICY or TR4CTION_CLOCK_OFFSET_MS (the offset is refused in production).
 */
import { scopesForRoles } from '@tr4ction/contracts';
import { ServiceStack } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';
import { changePassword, DAY, Db, login, register, relaunch, strongPassword, uniqueEmail } from '../support/identity';

type Profile = 'seed' | 'nist-800-63b-4' | 'pci-dss-4';

/** [password, violated rules in the order the policy lists them]; [] means accepted. */
const RULES: Record<Profile, Array<[string, string[]]>> = {
  seed: [
    ['zq', ['min_length', 'uppercase', 'digit', 'symbol']],
    ['ALLUPPERCASEONLYX', ['lowercase', 'digit', 'symbol']],
    ['nouppercase1!xyz', ['uppercase']],
    ['NoDigitsHere!!xy', ['digit']],
    ['NoSymbols123abc', ['symbol']],
    ['Password123!', ['blocklist']],
    ['passwordpassword', ['uppercase', 'digit', 'symbol', 'blocklist']],
    ['Zorblax-2024!xyz', ['context']],
    ['Abcdef-1234\tXyz', ['invalid_characters']],
    ['Qzv-7Lm#a', ['min_length']],
    ['Qzv-7Lm#aRt5', []],
  ],
  'nist-800-63b-4': [
    ['qzwvkxjrtp', ['min_length']],
    ['Password123!', ['min_length', 'blocklist']],
    ['passwordpassword', ['blocklist']],
    ['Password123456789', ['blocklist']],
    ['Zorblax-2024!xyz', ['context']],
    ['Abcdef-1234\tXyz', ['invalid_characters']],
    ['alllowercasewordsok', []],
    ['correct horse battery staple 7', []],
  ],
  'pci-dss-4': [
    ['qzwvkxjrtp', ['min_length', 'digit']],
    ['onlyletterswordy', ['digit']],
    ['1234567890123', ['letters']],
    ['Password123!', ['blocklist']],
    ['passwordpassword', ['digit', 'blocklist']],
    ['Zorblax-2024!xyz', ['context']],
    ['Abcdef-1234\tXyz', ['invalid_characters']],
    ['lettersand12x', []],
  ],
};

const PROFILE: Record<Profile, { history: number; expiryDays: number | null }> = {
  seed: { history: 5, expiryDays: 90 },
  'nist-800-63b-4': { history: 0, expiryDays: null },
  'pci-dss-4': { history: 4, expiryDays: 90 },
};

function scopeOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { scope: string }).scope;
}

describe('password policy profiles (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    db = await Db.connect(stack.databaseUrl);
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  describe('seeded development accounts: forced change at first login', () => {
    it.each([
      ['admin@tr4ction.com', 'admin123', ['admin']],
      ['demo@tr4ction.com', 'demo123', ['founder']],
    ])('%s', async (email, defaultPassword, roles) => {
      const first = await login(stack.baseUrl, email, defaultPassword);
      expect(first.status).toBe(200);
      expect(first.body.password_change_required).toBe(true);
      expect(scopeOf(first.body.access_token)).toBe('password:change');
      const changeOnly = apiClient(stack.baseUrl, first.body.access_token);
      for (const read of [() => changeOnly.GET('/auth/me'), () => changeOnly.GET('/admin/users'), () => changeOnly.GET('/audit/events')]) {
        const res = await read();
        expect(res.response.status).toBe(403);
        expect(res.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
      }
      // The default password itself is no way out.
      expect((await changePassword(stack.baseUrl, first.body.access_token, defaultPassword, defaultPassword)).status).toBe(400);
      const next = strongPassword();
      expect((await changePassword(stack.baseUrl, first.body.access_token, defaultPassword, next)).status).toBe(204);

      expect((await login(stack.baseUrl, email, defaultPassword)).status).toBe(401);
      const second = await login(stack.baseUrl, email, next);
      expect(second.status).toBe(200);
      expect(second.body.password_change_required).toBe(false);
      // The scopes of the roles: every grantable one for an admin, none for a founder (its own routes need none).
      expect(scopeOf(second.body.access_token)).toBe(scopesForRoles(roles).join(' '));
      const me = await apiClient(stack.baseUrl, second.body.access_token).GET('/auth/me');
      expect(me.response.status).toBe(200);
      expect(me.data).toMatchObject({ roles, password_change_required: false });
      const [{ id }] = await db.query<{ id: string }>(`SELECT id FROM users.users_v1 WHERE email_normalized = $1`, [email]);
      expect((await db.userEvents(id)).filter((e) => e.type === 'PasswordChanged').map((e) => e.data.reason)).toEqual(['first_login']);
    });
  });

  describe.each(['seed', 'nist-800-63b-4', 'pci-dss-4'] as const)('profile %s', (profile) => {
    beforeAll(async () => {
      await relaunch(stack, 'user-service', { PASSWORD_POLICY: profile });
    });

    it('lists every violated rule at once, and accepts what the profile allows', async () => {
      for (const [password, rules] of RULES[profile]) {
        const email = rules.length ? 'zorblax.quint@example.com' : uniqueEmail('ok');
        const res = await apiClient(stack.baseUrl).POST('/auth/register', { body: { email, password } });
        if (rules.length === 0) {
          expect({ password, status: res.response.status }).toEqual({ password, status: 201 });
          continue;
        }
        const violations = res.error?.violations ?? [];
        expect({ password, status: res.response.status, code: res.error?.code, rules: violations.map((v) => v.rule) }).toEqual({
          password,
          status: 400,
          code: 'PASSWORD_POLICY',
          rules,
        });
        for (const v of violations) expect(v.message.toLowerCase()).not.toContain(password.toLowerCase());
        expect(JSON.stringify(res.error)).not.toContain(password);
      }
    });

    it('accepts 64+ characters, never truncates or case-folds, and caps input at 1 KiB', async () => {
      const email = uniqueEmail('len');
      const long = `${strongPassword()}${'Long-Passphrase-7!'.repeat(6)}`;
      expect(long.length).toBeGreaterThan(100);
      await register(stack.baseUrl, email, long);
      expect((await login(stack.baseUrl, email, long)).status).toBe(200);
      expect((await login(stack.baseUrl, email, long.slice(0, 72))).status).toBe(401);
      expect((await login(stack.baseUrl, email, long.slice(0, 64))).status).toBe(401);
      expect((await login(stack.baseUrl, email, long.toUpperCase())).status).toBe(401);
      // 1024 bytes pass the cap (and are judged by the rules); 1025 bytes are refused before any hashing.
      const atCap = `Aa1!${'é'.repeat(510)}`;
      expect(Buffer.byteLength(atCap)).toBe(1024);
      const anonymous = apiClient(stack.baseUrl);
      expect((await anonymous.POST('/auth/register', { body: { email: uniqueEmail('cap'), password: atCap } })).response.status).toBe(201);
      const overCap = () => ({ body: { email: uniqueEmail('over'), password: `${atCap}x` } });
      for (const send of [() => anonymous.POST('/auth/register', overCap()), () => anonymous.POST('/auth/login', overCap())]) {
        const res = await send();
        expect(res.response.status).toBe(400);
        expect(res.error).toMatchObject({ code: 'PASSWORD_POLICY', violations: [{ rule: 'too_long' }] });
      }
    });

    it(`history: the last ${PROFILE[profile].history || 'one (the current)'} password(s) cannot be reused`, async () => {
      const email = uniqueEmail('history');
      const passwords = [strongPassword()];
      await register(stack.baseUrl, email, passwords[0]);
      const changes = Math.max(PROFILE[profile].history, 1);
      for (let i = 1; i <= changes; i++) {
        passwords.push(strongPassword());
        const t = (await login(stack.baseUrl, email, passwords[i - 1])).body.access_token;
        expect((await changePassword(stack.baseUrl, t, passwords[i - 1], passwords[i])).status).toBe(204);
      }
      const current = passwords[passwords.length - 1];
      const t = (await login(stack.baseUrl, email, current)).body.access_token;
      // Every one of the last N (the current one included) is refused, with rule `history`...
      for (const old of passwords.slice(1)) {
        const res = await changePassword(stack.baseUrl, t, current, old);
        expect({ status: res.status, rules: res.body.violations?.map((v) => v.rule) }).toEqual({ status: 400, rules: ['history'] });
      }
      // ...together with any other rule it breaks.
      const both = await changePassword(stack.baseUrl, t, current, 'zq');
      expect(both.body.violations?.map((v) => v.rule)).toEqual(expect.arrayContaining(['min_length']));
      // The one before them has left the history and may come back.
      expect((await changePassword(stack.baseUrl, t, current, passwords[0])).status).toBe(204);
      expect((await login(stack.baseUrl, email, passwords[0])).status).toBe(200);
    });

    it('expiry: with the clock moved past it, login asks for a change with a token good for nothing else', async () => {
      const email = uniqueEmail('expiry');
      const password = strongPassword();
      await register(stack.baseUrl, email, password);
      const me = await apiClient(stack.baseUrl, (await login(stack.baseUrl, email, password)).body.access_token).GET('/auth/me');
      const expiryDays = PROFILE[profile].expiryDays;
      if (expiryDays === null) expect(me.data?.password_expires_at).toBeNull();
      else expect(Math.round((Date.parse(me.data?.password_expires_at ?? '') - Date.now()) / DAY)).toBe(expiryDays);

      const moved = (expiryDays ?? 365) + 1;
      await relaunch(stack, 'user-service', { PASSWORD_POLICY: profile, TR4CTION_CLOCK_OFFSET_MS: String(moved * DAY) });
      try {
        const res = await login(stack.baseUrl, email, password);
        expect(res.status).toBe(200);
        if (expiryDays === null) {
          expect(res.body.password_change_required).toBe(false);
          return;
        }
        expect(res.body.password_change_required).toBe(true);
        expect(scopeOf(res.body.access_token)).toBe('password:change');
        expect((await apiClient(stack.baseUrl, res.body.access_token).GET('/auth/me')).error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
        const next = strongPassword();
        expect((await changePassword(stack.baseUrl, res.body.access_token, password, next)).status).toBe(204);
        const after = await login(stack.baseUrl, email, next);
        expect(after.body.password_change_required).toBe(false);
        const [{ id }] = await db.query<{ id: string }>(`SELECT id FROM users.users_v1 WHERE email_normalized = $1`, [email]);
        expect((await db.userEvents(id)).filter((e) => e.type === 'PasswordChanged').map((e) => e.data.reason)).toEqual(['expired']);
      } finally {
        await relaunch(stack, 'user-service', { PASSWORD_POLICY: profile });
      }
    });
  });

  it('hashes made with older argon2 parameters are upgraded at the next successful login', async () => {
    await relaunch(stack, 'user-service', { ARGON2_MEMORY_KIB: '8192', ARGON2_TIME_COST: '1' });
    const email = uniqueEmail('rehash');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const hashOf = async () =>
      (await db.query<{ password_hash: string; history: string[] }>(`SELECT password_hash, history FROM users.credentials WHERE user_id = $1`, [id]))[0];
    expect((await hashOf()).password_hash).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);

    await relaunch(stack, 'user-service', {});
    expect((await login(stack.baseUrl, email, 'Wrong-Password-1!')).status).toBe(401);
    expect((await hashOf()).password_hash).toMatch(/m=8192,t=1,p=1/);
    expect((await login(stack.baseUrl, email, password)).status).toBe(200);
    const upgraded = await hashOf();
    expect(upgraded.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(upgraded.history[0]).toBe(upgraded.password_hash);
    expect((await db.userEvents(id)).filter((e) => e.type === 'LoginSucceeded').map((e) => e.data.rehashed)).toEqual([true]);
    expect((await login(stack.baseUrl, email, password)).status).toBe(200);
  });
});
