/**
 * What checking a request's proof adds to each RPC in the receiving service: RpcProofChecker.check
 * (the table lookup, the token verification with revocation, the role check) with the same objects a
 * service builds at boot, no bus and no database (a refusal's audit write is not on the normal path).
 * Cases: an access token seen for the first time (full signature check), the same token again (the
 * verifier remembers a verified signature), a CLI operator assertion (Ed25519 over its claims), and
 * a service pattern that needs no proof (the floor). Best of several interleaved rounds, as the
 * machine is shared. Run after `npm run build`: `node bench/rpc-proof-cost.js`.
 */
const { generateKeyPairSync } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { lib } = require('./lib/project');

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const ROUND_MS = Number(process.env.ROUND_MS ?? 400);

async function main() {
  const { RPC } = lib('contracts');
  const { TOKEN_AUDIENCE, TOKEN_ISSUER, RpcProofChecker, LocalAccessTokenJudge } = lib('platform');
  const { MessageSigner, MessageVerifier, OperatorAssertionVerifier, signOperatorAssertion } = lib('security');
  const { AccessTokenSigner, AccessTokenVerifier, TokenState, generateSigningKey } = lib('tokens');

  const cliKey = generateKeyPairSync('ed25519');
  const cli = new MessageSigner('cli', cliKey.privateKey);
  const operators = new OperatorAssertionVerifier(new MessageVerifier(new Map([['cli', [cliKey.publicKey]]])), { maxTtlSeconds: 60 });
  const data = { user_id: '0190f0c8-0000-7000-8000-000000000002' };
  const actor = { type: 'user', id: null };
  const rows = [];

  for (const alg of ['RS256', 'ES256']) {
    const key = await generateSigningKey(alg);
    const state = new TokenState('asymmetric', Date.now);
    state.replaceKeys([{ kid: key.kid, alg, status: 'active', public_pem: key.publicPem, jwk: key.publicJwk }]);
    state.applySnapshot({ issuer: TOKEN_ISSUER, denied: [], user_cutoffs: [], global_not_before: null });
    // A realistic denylist: a few thousand revoked jtis and cut-off users.
    for (let i = 0; i < 5000; i++) state.deny(TOKEN_ISSUER, `revoked-${i}`);
    const verifier = new AccessTokenVerifier({
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      allowedAlgs: [alg],
      resolveKey: (kid) => state.resolveKey(kid),
    });
    const checker = new RpcProofChecker({ tokens: new LocalAccessTokenJudge({ state, verifier }), operators });
    const signer = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const signingKey = { kid: key.kid, alg, privatePem: key.privatePem };
    // Fresh tokens made ahead of the clock, so signing is not measured.
    const fresh = Array.from({ length: 20000 }, () => signer.sign({ sub: 'admin', roles: ['admin'], scope: 'api' }, signingKey).token);
    let next = 0;
    const same = fresh[fresh.length - 1];
    const cases = {
      [`${alg} token, first sight`]: () =>
        checker.check(RPC.user.resetPassword, { actor, proof: { kind: 'access_token', token: fresh[next++ % (fresh.length - 1)] } }, data),
      [`${alg} token, seen before`]: () => checker.check(RPC.user.resetPassword, { actor, proof: { kind: 'access_token', token: same } }, data),
    };
    if (alg === 'RS256') {
      const assertions = Array.from({ length: 20000 }, () =>
        signOperatorAssertion(cli, { operator: 'alice', pattern: RPC.user.resetPassword, data, ttlSeconds: 60 }),
      );
      let a = 0;
      cases['CLI operator assertion'] = () =>
        checker.check(RPC.user.resetPassword, { actor, proof: { kind: 'operator_assertion', assertion: assertions[a++ % assertions.length] } }, data);
      cases['service pattern, no proof needed'] = () => checker.check(RPC.rotation.publicKeys, { actor }, {});
    }
    for (const [name, run] of Object.entries(cases)) {
      const decision = await run();
      if (!decision.allowed) throw new Error(`${name}: refused (${decision.reason}); the bench measures the allowed path`);
      rows.push({ name, us: await bestMicros(run) });
    }
  }
  console.log('case                                   µs per request (best round)');
  for (const r of rows) console.log(`${r.name.padEnd(38)} ${r.us.toFixed(1).padStart(8)}`);
  console.log(JSON.stringify({ rounds: ROUNDS, round_ms: ROUND_MS, node: process.version, results: rows }));
}

async function bestMicros(run) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < ROUND_MS) {
      await run();
      n++;
    }
    best = Math.min(best, ((performance.now() - start) * 1000) / n);
  }
  return best;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
