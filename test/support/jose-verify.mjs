// An independent verifier for end-to-end tests: the `jose` library's remote JWKS client, run as
// its own ES module process (jose is ESM-only; Jest runs CommonJS). Reads
// {jwks_url, issuer, audience, tokens: [...]} as JSON on stdin (tokens stay out of the process
// list) and prints one result per token: {ok, kid, sub, scope} or {ok: false, code, claim, reason}.
import { createRemoteJWKSet, jwtVerify } from 'jose';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { jwks_url: jwksUrl, issuer, audience, tokens } = JSON.parse(input);

// One key set for every token, as a long-lived client would hold it: it fetches the JWKS itself
// and refetches only for a kid it has not seen.
const jwks = createRemoteJWKSet(new URL(jwksUrl));
const results = [];
for (const token of tokens) {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256', 'ES256'], typ: 'at+jwt' });
    results.push({ ok: true, kid: protectedHeader.kid, alg: protectedHeader.alg, sub: payload.sub, scope: payload.scope });
  } catch (err) {
    // Which claim and why (never the token): enough to tell an issuer mismatch from a clock problem.
    results.push({ ok: false, code: err.code ?? err.name, claim: err.claim, reason: err.reason });
  }
}
process.stdout.write(JSON.stringify(results));
