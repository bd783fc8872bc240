/**
 * Token introspection (RFC 7662): `POST /oauth/introspect` per second, by a service account with the
 * scope tokens:introspect (client_secret_basic) asking about a signed-in user's access token. Each
 * request authenticates the client and checks the token, as a resource server calling it would.
 */
const { judge } = require('../lib/stats');
const { runLoad, loadDetails } = require('../lib/load');
const { registeredUser, adminToken } = require('../lib/accounts');
const { testing } = require('../lib/project');

async function introspectingClient(baseUrl) {
  const { http } = testing();
  const token = await adminToken(baseUrl);
  const created = await http(baseUrl, 'POST', '/admin/service-accounts', { token, body: { name: 'bench-introspection', scopes: ['tokens:introspect'] } });
  if (created.status !== 201) throw new Error(`service account creation failed: ${created.status} ${created.text.slice(0, 200)}`);
  const basic = Buffer.from(`${encodeURIComponent(created.body.client_id)}:${encodeURIComponent(created.body.client_secret)}`).toString('base64');
  return `Basic ${basic}`;
}

async function introspection({ stack, sizes }) {
  const { http } = testing();
  const authorization = await introspectingClient(stack.baseUrl);
  const user = await registeredUser(stack.baseUrl);
  const request = {
    url: `${stack.baseUrl}/oauth/introspect`,
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(user.token)}`,
  };
  // The figure counts only correct answers: check one first.
  const probe = await http(stack.baseUrl, 'POST', '/oauth/introspect', { headers: request.headers, rawBody: request.body });
  if (probe.status !== 200 || probe.body.active !== true || probe.body.sub !== user.id)
    throw new Error(`introspection answered ${probe.status} ${probe.text.slice(0, 200)}`);
  const run = await runLoad({ ...request, connections: sizes.meConnections, durationSec: sizes.meSeconds });
  const rows = [
    judge({ benchmark: 'introspection', figure: 'POST /oauth/introspect req/s (active token)', value: run.okPerSecond, unit: '/s' }),
    judge({ benchmark: 'introspection', figure: 'POST /oauth/introspect p99', value: run.latency.p99, unit: 'ms' }),
  ];
  return { rows, details: { connections: sizes.meConnections, seconds: sizes.meSeconds, introspect: loadDetails(run) } };
}

module.exports = { introspection };
