// An OAuth client no one here wrote, for end-to-end interop tests: oauth4webapi discovers the
// issuer and talks to its endpoints, jose verifies tokens against the discovered jwks_uri and
// issuer. Run as its own ES module process (both libraries are ESM-only; Jest runs CommonJS).
// Reads JSON on stdin (secrets stay out of the process list):
//   {action: "token", issuer, client_id, client_secret, audience}
//     -> {metadata, token, scope, expires_in, verified: {sub, scope, iss}}
//   {action: "revoke", issuer, client_id, client_secret, token, introspector: {client_id, client_secret}}
//     -> {before: <introspection>, after: <introspection>}
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const req = JSON.parse(input);
// A test stack listens on plain http on loopback; a real deployment would not need this.
const insecure = { [oauth.allowInsecureRequests]: true };

const issuer = new URL(req.issuer);
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
const client = { client_id: req.client_id };

if (req.action === 'token') {
  const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(req.client_secret), new URLSearchParams(), insecure);
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri));
  const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: as.issuer, audience: req.audience, typ: 'at+jwt' });
  process.stdout.write(
    JSON.stringify({
      metadata: as,
      token: tokens.access_token,
      scope: tokens.scope,
      expires_in: tokens.expires_in,
      token_type: tokens.token_type,
      verified: { sub: payload.sub, scope: payload.scope, iss: payload.iss },
    }),
  );
} else if (req.action === 'revoke') {
  const introspector = { client_id: req.introspector.client_id };
  const introspect = async () =>
    oauth.processIntrospectionResponse(
      as,
      introspector,
      await oauth.introspectionRequest(as, introspector, oauth.ClientSecretBasic(req.introspector.client_secret), req.token, insecure),
    );
  const before = await introspect();
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.ClientSecretBasic(req.client_secret), req.token, insecure));
  const revokedAt = Date.now();
  const after = await introspect();
  process.stdout.write(JSON.stringify({ before, after, revoked_at: revokedAt }));
} else {
  throw new Error(`unknown action ${req.action}`);
}
