/**
 * Where the stack's traces go during the bench: an OTLP/HTTP receiver that reads each export and
 * answers 200, as a collector on another machine would, without keeping anything. Its CPU is not
 * the platform's; the services pay for sampling, recording, encoding and sending spans.
 * Prints READY {port}; on SIGTERM prints RESULT {posts, bytes} and exits.
 */
const { createServer } = require('node:http');

let posts = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    posts++;
    res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end(req.headers['content-type']?.includes('json') ? '{}' : '');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${JSON.stringify({ port: server.address().port })}\n`));
process.once('SIGTERM', () => {
  process.stdout.write(`RESULT ${JSON.stringify({ posts, bytes })}\n`);
  server.close();
  process.exit(0);
});
