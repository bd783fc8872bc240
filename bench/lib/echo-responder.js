/** A stand-in for user-service's RPC server on a private nats-server, for the bus benchmarks. */
const { connect } = require('nats');
const { lib } = require('./project');

/**
 * Answers `RPC.user.verifyCredentials` with the request's own bytes, on user-service's responder
 * login (services answer on a login of their own; plaintext: the anonymous one). Resolves the
 * connection once the subscription is in place; close it when done.
 */
async function echoResponder(nats) {
  const { RPC } = lib('contracts');
  const responder = await connect(nats.connectOptions('user-service', {}, 'responder'));
  responder.subscribe(RPC.user.verifyCredentials, {
    queue: 'user-service',
    callback: (err, m) => {
      if (err) throw err;
      m.respond(m.data);
    },
  });
  await responder.flush();
  return responder;
}

module.exports = { echoResponder };
