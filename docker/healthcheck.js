// Docker HEALTHCHECK probe for the shared image. Only the gateway speaks HTTP: it is healthy when
// GET /health/ready answers 2xx (Postgres, NATS and every service reachable). The four NATS-only
// services have no probe endpoint; for them this exits 0, and docker/compose.yml disables their
// healthcheck so `docker ps` does not claim a health it never measured.
'use strict';

if (process.env.SERVICE !== 'api-gateway') process.exit(0);

const port = process.env.PORT || '8000';
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
