// Docker HEALTHCHECK probe for the shared image: GET /health/ready on this process's management
// port (MANAGEMENT_PORT, else the default of the service it runs), 2xx when its own Postgres and
// NATS answer. The defaults mirror MANAGEMENT_PORTS in libs/config; plain JS because it runs alone.
'use strict';

const DEFAULT_PORTS = { 'api-gateway': 9400, 'auth-service': 9401, 'user-service': 9402, 'audit-service': 9403, 'rotation-service': 9404 };

const port = process.env.MANAGEMENT_PORT || DEFAULT_PORTS[process.env.SERVICE];
if (!port || port === '0') {
  console.error('healthcheck: no management port (MANAGEMENT_PORT is 0 or SERVICE is unknown)');
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
