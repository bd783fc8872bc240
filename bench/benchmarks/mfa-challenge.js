/**
 * MFA: second-factor challenges (TOTP) per second at the gateway, and their latency. Each account
 * enrols a TOTP factor through the public API (confirming with the previous period's code), signs in
 * with its password (argon2id, before the timed part) and keeps the mfa_token; then every token is
 * spent once with the current period's code (one step newer than the confirmation, so no replay).
 * A challenge costs no argon2id: what it measures is the second hop, the TOTP check and the session.
 */
const { generateSync } = require('otplib');
const { judge } = require('../lib/stats');
const { runLoad, loadDetails } = require('../lib/load');
const { registeredUser, login } = require('../lib/accounts');
const { testing } = require('../lib/project');

const CONNECTIONS = 8;
const TOTP_PERIOD_SECONDS = 30;

function totpAt(secret, epochSeconds) {
  return generateSync({ secret, epoch: epochSeconds });
}

/** A registered account with a confirmed TOTP factor; returns what a challenge needs. */
async function enrolled(baseUrl) {
  const { http } = testing();
  const user = await registeredUser(baseUrl);
  const started = await http(baseUrl, 'POST', '/auth/mfa/totp', { token: user.token, body: { current_password: user.password } });
  if (started.status !== 201) throw new Error(`TOTP enrolment failed: ${started.status} ${started.text.slice(0, 200)}`);
  // Under load a request can reach the server a period later than its code was computed, which makes
  // the previous period's code two steps old there: computed again and sent once more, it is not.
  let confirmed;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const previousPeriod = Math.floor(Date.now() / 1000) - TOTP_PERIOD_SECONDS;
    confirmed = await http(baseUrl, 'POST', `/auth/mfa/totp/${started.body.id}/confirm`, {
      token: user.token,
      body: { code: totpAt(started.body.secret, previousPeriod) },
    });
    if (confirmed.status !== 400) break;
  }
  if (confirmed.status !== 200) throw new Error(`TOTP confirmation failed: ${confirmed.status} ${confirmed.text.slice(0, 200)}`);
  return { ...user, secret: started.body.secret };
}

/** The first step of a login: the password, answered with an mfa_token. */
async function mfaToken(baseUrl, user) {
  const res = await login(baseUrl, user.email, user.password);
  if (res.status !== 200 || !res.body.mfa_required) throw new Error(`login did not ask for a second factor: ${res.status}`);
  return res.body.mfa_token;
}

/** fn(0..count-1) with at most `width` in flight (the setup is argon2id-bound: keep every core busy). */
async function inParallel(count, width, fn) {
  const results = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  return results;
}

async function mfaChallenge({ stack, sizes }) {
  const users = await inParallel(sizes.mfaAccounts, CONNECTIONS, () => enrolled(stack.baseUrl));
  const tokens = await inParallel(users.length, CONNECTIONS, (i) => mfaToken(stack.baseUrl, users[i]));
  // The current period's code: newer than every confirmation above, valid for the next 30 s (±1 step).
  const now = Math.floor(Date.now() / 1000);
  const bodies = users.map((user, i) => JSON.stringify({ mfa_token: tokens[i], type: 'totp', code: totpAt(user.secret, now) }));
  const run = await runLoad({
    url: `${stack.baseUrl}/auth/mfa/challenge`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    bodies,
    connections: Math.min(CONNECTIONS, bodies.length),
    amount: bodies.length,
  });
  const refused = bodies.length - run.ok;
  const rows = [
    judge({ benchmark: 'mfa', figure: `TOTP challenges/s (${bodies.length} accounts, ${CONNECTIONS} connections)`, value: run.okPerSecond, unit: '/s' }),
    judge({ benchmark: 'mfa', figure: 'TOTP challenge p95', value: run.latency.p95, unit: 'ms' }),
    judge({ benchmark: 'mfa', figure: 'TOTP challenges refused (must be 0)', value: refused, op: '<=', target: 0 }),
  ];
  return { rows, details: { accounts: bodies.length, connections: CONNECTIONS, challenge: loadDetails(run) } };
}

module.exports = { mfaChallenge };
