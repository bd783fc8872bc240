/** The floor of an HTTP answer on this machine: bare Fastify, one route, no plugins. Prints READY {port}. */
const fastify = require('fastify')({ logger: false });

fastify.get('/', async () => ({ hello: 'world' }));
fastify.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  process.stdout.write(`READY ${JSON.stringify({ port: fastify.server.address().port })}\n`);
});
process.once('SIGTERM', () => void fastify.close().then(() => process.exit(0)));
