/**
 * 2. Authenticated requests: GET /auth/me with a bearer token verified at the gateway, against a
 * bare Fastify hello-world under the same load in the same run.
 * Targets: >= 10,000 requests/s and >= 0.5 of bare Fastify.
 */
const { join } = require('node:path');
const { judge, ratioOf } = require('../lib/stats');
const { runLoad, loadDetails } = require('../lib/load');
const { startChild } = require('../lib/child-process');
const { registeredUser } = require('../lib/accounts');
const { testing } = require('../lib/project');

const RPS_TARGET = 10_000;
const FASTIFY_SHARE_TARGET = 0.5;
const ME_FIELDS = ['id', 'email', 'name', 'roles', 'password_expires_at', 'password_change_required'];

async function authMe({ stack, sizes }) {
  const user = await registeredUser(stack.baseUrl);
  // The figure counts only correct answers: check the contract's shape once before the load.
  const probe = await testing().http(stack.baseUrl, 'GET', '/auth/me', { token: user.token });
  // The contract's fields, each present (the profile may say more, e.g. mfa_enrollment_required).
  const missing = ME_FIELDS.filter((field) => !(field in (probe.body ?? {})));
  if (probe.status !== 200 || missing.length > 0 || probe.body.id !== user.id) {
    throw new Error(`GET /auth/me answered ${probe.status} ${probe.text.slice(0, 200)}`);
  }
  const me = await runLoad({
    url: `${stack.baseUrl}/auth/me`,
    headers: { authorization: `Bearer ${user.token}` },
    connections: sizes.meConnections,
    durationSec: sizes.meSeconds,
  });

  // The gateway's own floor (Nest, tracing, helmet, metrics; no token, no lookup): where the rest goes.
  const liveness = await runLoad({ url: `${stack.baseUrl}/health`, connections: sizes.meConnections, durationSec: sizes.meSeconds });

  const hello = startChild(join(__dirname, '..', 'children', 'fastify-hello.js'));
  let bare;
  try {
    const { port } = await hello.waitFor('READY', 30_000);
    bare = await runLoad({ url: `http://127.0.0.1:${port}/`, connections: sizes.meConnections, durationSec: sizes.meSeconds });
  } finally {
    await hello.stop();
  }

  const rows = [
    judge({ benchmark: 'auth/me', figure: 'GET /auth/me req/s', value: me.okPerSecond, unit: '/s', op: '>=', target: RPS_TARGET }),
    judge({ benchmark: 'auth/me', figure: 'GET /auth/me p99', value: me.latency.p99, unit: 'ms' }),
    judge({ benchmark: 'auth/me', figure: 'gateway GET /health req/s (framework floor)', value: liveness.okPerSecond, unit: '/s' }),
    judge({ benchmark: 'auth/me', figure: 'bare Fastify req/s', value: bare.okPerSecond, unit: '/s' }),
    judge({ benchmark: 'auth/me', figure: 'bare Fastify p99', value: bare.latency.p99, unit: 'ms' }),
    judge({
      benchmark: 'auth/me',
      figure: '/auth/me share of bare Fastify',
      value: ratioOf(me.okPerSecond, bare.okPerSecond),
      op: '>=',
      target: FASTIFY_SHARE_TARGET,
    }),
  ];
  return {
    rows,
    details: {
      connections: sizes.meConnections,
      seconds: sizes.meSeconds,
      auth_me: loadDetails(me),
      gateway_health: loadDetails(liveness),
      bare_fastify: loadDetails(bare),
    },
  };
}

module.exports = { authMe };
