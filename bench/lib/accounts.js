/** Accounts the benchmarks sign in with, created through the public API like any client would. */
const { randomBytes } = require('node:crypto');
const { testing } = require('./project');

const ADMIN_EMAIL = 'admin@tr4ction.com';
const ADMIN_SEED_PASSWORD = 'admin123';

function strongPassword() {
  return `Tidal-Orchid-${randomBytes(6).toString('hex')}-Q7!`;
}

async function login(baseUrl, email, password) {
  const { http } = testing();
  return http(baseUrl, 'POST', '/auth/login', { body: { email, password } });
}

/** A registered founder and its access token. */
async function registeredUser(baseUrl) {
  const { http } = testing();
  const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
  const password = strongPassword();
  const created = await http(baseUrl, 'POST', '/auth/register', { body: { email, password, name: 'Ada Loader' } });
  if (created.status !== 201) throw new Error(`register failed: ${created.status} ${created.text.slice(0, 200)}`);
  const signedIn = await login(baseUrl, email, password);
  if (signedIn.status !== 200) throw new Error(`login failed: ${signedIn.status}`);
  return { id: created.body.id, email, password, token: signedIn.body.access_token };
}

/** The admin password each stack's first `adminToken` chose: later benchmarks sign in with it. */
const adminPasswords = new Map();

/** The seeded admin's token, doing the forced first-login password change the first time. */
async function adminToken(baseUrl) {
  const { http, waitFor } = testing();
  const known = adminPasswords.get(baseUrl);
  if (known) {
    const again = await login(baseUrl, ADMIN_EMAIL, known);
    if (again.status !== 200) throw new Error(`admin login failed: ${again.status}`);
    return again.body.access_token;
  }
  const first = await waitFor(
    async () => {
      const r = await login(baseUrl, ADMIN_EMAIL, ADMIN_SEED_PASSWORD);
      return r.status === 200 ? r : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the first admin login' },
  );
  const password = strongPassword();
  const changed = await http(baseUrl, 'POST', '/auth/change-password', {
    token: first.body.access_token,
    body: { current_password: ADMIN_SEED_PASSWORD, new_password: password },
  });
  if (changed.status !== 204) throw new Error(`admin password change failed: ${changed.status}`);
  adminPasswords.set(baseUrl, password);
  const second = await login(baseUrl, ADMIN_EMAIL, password);
  if (second.status !== 200) throw new Error(`admin login failed: ${second.status}`);
  return second.body.access_token;
}

/**
 * `count` registered accounts as `POST /auth/login` bodies, one per load connection: concurrent
 * attempts on one account would meet the login throttle (401).
 */
async function loginBodies(baseUrl, count) {
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const user = await registeredUser(baseUrl);
    bodies.push(JSON.stringify({ email: user.email, password: user.password }));
  }
  return bodies;
}

module.exports = { registeredUser, adminToken, login, loginBodies };
