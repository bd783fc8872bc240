/**
 * The unread-body drain on a real Fastify server over loopback sockets: the answer to an oversized
 * body reaches the client, the connection stays usable once the rest is read, and every bound holds.
 */
import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { installUnreadBodyDrain, UNREAD_BODY_DRAIN, type DrainBounds } from './unread-body.hook';

const BODY_LIMIT = 1024;
const BOUNDS: DrainBounds = { maxBytes: 256 * 1024, timeoutMs: 400 };

/** A raw HTTP/1.1 client: every byte the server sends, and how the connection ended. */
class RawClient {
  received = '';
  /** Set when the server shut its side in order (FIN), before any reset. */
  serverEnded = false;
  error: NodeJS.ErrnoException | undefined;
  readonly closed: Promise<void>;
  private readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    this.socket.on('data', (d: Buffer) => (this.received += d.toString('latin1')));
    this.socket.on('end', () => (this.serverEnded = true));
    this.socket.on('error', (err) => (this.error ??= err));
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }

  /** The first full response (headers and its Content-Length of body). */
  async response(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = this.received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(this.received)?.[1];
      if (head >= 0 && length !== undefined && this.received.length >= head + 4 + Number(length)) return this.received.slice(0, head + 4 + Number(length));
      if (Date.now() > deadline) throw new Error(`timed out waiting for a response; got: ${this.received}`);
      await new Promise((r) => setImmediate(r));
    }
  }

  end(): void {
    this.socket.end();
  }
}

function post(path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: 'test', 'content-type': 'application/json', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Resolves once the server holds no connection (each test leaves none behind). */
async function noConnections(app: FastifyInstance, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await new Promise<number>((resolve, reject) => app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    if (count === 0) return;
    if (Date.now() > deadline) throw new Error(`the server still holds ${count} connection(s)`);
    await new Promise((r) => setImmediate(r));
  }
}

const chunk = (data: string): string => `${data.length.toString(16)}\r\n${data}\r\n`;

async function startApp(bounds: DrainBounds): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({ bodyLimit: BODY_LIMIT });
  installUnreadBodyDrain(app, bounds);
  app.post('/echo', async (req) => ({ got: req.body }));
  // Answered from a hook in the tick its headers arrived, before Node marks the request complete.
  app.get('/at-once', { onRequest: (_req, reply) => void reply.send({ at: 'once' }) }, async () => ({ at: 'handler' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as { port: number }).port };
}

describe(installUnreadBodyDrain.name, () => {
  let app: FastifyInstance;
  let port: number;
  /** With the production bounds. */
  let realApp: FastifyInstance;
  let realPort: number;
  /** With a time bound no test reaches: only the byte bound can cut a connection. */
  let bytesApp: FastifyInstance;
  let bytesPort: number;

  beforeAll(async () => {
    ({ app, port } = await startApp(BOUNDS));
    ({ app: realApp, port: realPort } = await startApp(UNREAD_BODY_DRAIN));
    ({ app: bytesApp, port: bytesPort } = await startApp({ maxBytes: BOUNDS.maxBytes, timeoutMs: 10 * 60_000 }));
  });

  afterAll(async () => {
    await Promise.all([app.close(), realApp.close(), bytesApp.close()]);
  });

  it('answers 413 with Connection: close at once, reads the rest behind it, then closes in order', async () => {
    const client = new RawClient(port);
    const size = 128 * 1024;
    await client.write(post('/echo', { 'content-length': size }) + 'x'.repeat(4096));
    const res = await client.response();
    expect(res).toMatch(/^HTTP\/1\.1 413 /);
    expect(res).toMatch(/connection: close/i);
    // A client that goes on writing after the answer is still read, not reset; then the server lets go.
    await client.write('x'.repeat(size - 4096));
    await noConnections(app);
    expect({ serverEnded: client.serverEnded, error: client.error?.code }).toEqual({ serverEnded: true, error: undefined });
    client.end();
    await client.closed;
  });

  it('does the same for a chunked body that grows past the limit', async () => {
    const client = new RawClient(port);
    await client.write(post('/echo', { 'transfer-encoding': 'chunked' }) + chunk('x'.repeat(4096)));
    expect(await client.response()).toMatch(/^HTTP\/1\.1 413 [\s\S]*connection: close/i);
    for (let i = 0; i < 16; i++) await client.write(chunk('y'.repeat(4096)));
    await client.write('0\r\n\r\n');
    await noConnections(app);
    expect({ serverEnded: client.serverEnded, error: client.error?.code }).toEqual({ serverEnded: true, error: undefined });
    client.end();
    await client.closed;
  });

  it('stops reading when the client closes after the answer', async () => {
    const client = new RawClient(port);
    await client.write(post('/echo', { 'content-length': 1024 * 1024 }) + 'x'.repeat(4096));
    expect(await client.response()).toMatch(/^HTTP\/1\.1 413 /);
    client.end();
    await client.closed;
    await noConnections(app);
  });

  it('cuts a connection whose rest of body does not come within the time bound', async () => {
    const client = new RawClient(port);
    const started = Date.now();
    await client.write(post('/echo', { 'content-length': 64 * 1024 }) + 'x'.repeat(2048));
    expect(await client.response()).toMatch(/^HTTP\/1\.1 413 /);
    await noConnections(app, 5 * BOUNDS.timeoutMs);
    expect(Date.now() - started).toBeGreaterThanOrEqual(BOUNDS.timeoutMs - 50);
    client.end();
    await client.closed;
  });

  it('cuts a connection whose body goes past the byte bound', async () => {
    const client = new RawClient(bytesPort);
    const piece = 'z'.repeat(16 * 1024);
    await client.write(post('/echo', { 'transfer-encoding': 'chunked' }) + chunk(piece));
    expect(await client.response()).toMatch(/^HTTP\/1\.1 413 /);
    // Far more than the bound, and the time bound is out of reach: the cut is the byte bound's doing.
    for (let sent = 0; !client.isClosed && sent < 64 * BOUNDS.maxBytes; sent += piece.length) await client.write(chunk(piece));
    await client.closed;
    expect(client.isClosed).toBe(true);
  });

  it('answers a request whose declared body is beyond the byte bound, and cuts it at the bound', async () => {
    const client = new RawClient(bytesPort);
    await client.write(post('/echo', { 'content-length': 1024 * 1024 * 1024 }) + 'x'.repeat(100));
    expect(await client.response()).toMatch(/^HTTP\/1\.1 413 [\s\S]*connection: close/i);
    const piece = Buffer.alloc(64 * 1024, 0x78);
    for (let sent = 0; !client.isClosed && sent < 64 * BOUNDS.maxBytes; sent += piece.length) await client.write(piece);
    await client.closed;
  });

  it('keeps the connection of a request whose body was read in full', async () => {
    const client = new RawClient(port);
    await client.write(post('/echo', { 'content-length': 2 }) + '{}');
    const res = await client.response();
    expect(res).toMatch(/^HTTP\/1\.1 200 /);
    expect(res).not.toMatch(/connection: close/i);
    expect(client.isClosed).toBe(false);
    client.end();
    await client.closed;
  });

  it('keeps the connection of a request without a body, even when answered at once', async () => {
    const client = new RawClient(port);
    for (const request of ['GET /at-once HTTP/1.1\r\nhost: test\r\n\r\n', post('/at-once', { 'content-length': 0 }).replace('POST', 'GET')]) {
      await client.write(request);
      const res = await client.response();
      expect(res).toMatch(/^HTTP\/1\.1 200 [\s\S]*"at":"once"/);
      expect(res).not.toMatch(/connection: close/i);
      client.received = '';
    }
    expect(client.isClosed).toBe(false);
    client.end();
    await client.closed;
  });

  it('gives fetch its 413 for a 2 MB body (the e2e spec covers every size and route)', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const statuses = await Promise.all(
      Array.from({ length: 3 }, () =>
        fetch(`http://127.0.0.1:${realPort}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
          async (r) => (await r.text(), r.status),
          (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
        ),
      ),
    );
    expect(statuses).toEqual([413, 413, 413]);
  });
});
