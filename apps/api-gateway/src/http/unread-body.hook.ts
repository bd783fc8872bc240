/**
 * A response that leaves before its request body was read (413 too large, 415, 404, 429, ...) must
 * reach the client. Node closes such a connection as soon as the response is flushed, while the
 * client is still writing; the kernel then answers the client's next bytes with a reset, which can
 * discard the response before the client has read it: the client sees EPIPE or "fetch failed"
 * instead of the problem JSON.
 *
 * So the gateway closes the way production HTTP servers do ("lingering close"): the response says
 * `Connection: close` (clients stop sending once they read it), the socket's write side is shut
 * after the response (FIN), and the rest of the body is read and discarded until the client closes
 * or the body ends, within bounds on bytes and time so that a slow or huge upload cannot tie the
 * gateway up. Nothing read is kept: memory stays flat.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface DrainBounds {
  /** The most bytes of an unread body read and discarded before the connection is cut. */
  maxBytes: number;
  /** The longest the rest of an unread body is read for before the connection is cut. */
  timeoutMs: number;
}

/**
 * Clients stop within a round trip of reading the response; a client that reads only after writing
 * everything still gets its answer for bodies of up to 64 MiB at LAN speed within 5 s.
 */
export const UNREAD_BODY_DRAIN: DrainBounds = { maxBytes: 64 * 1024 * 1024, timeoutMs: 5_000 };

export function installUnreadBodyDrain(fastify: FastifyInstance, bounds: DrainBounds = UNREAD_BODY_DRAIN): void {
  // A callback hook: it runs on every response, and for almost all of them only reads `complete`.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    const raw = req.raw;
    if (!raw.complete && !raw.destroyed && declaresBody(raw)) {
      void reply.header('Connection', 'close');
      lingerOnClose(raw, bounds);
    }
    done(null, payload);
  });
}

/**
 * Whether the request has a body at all (RFC 9112, 6.3: a Transfer-Encoding or a non-zero
 * Content-Length). A request without one can be answered before Node marks it `complete` (from a
 * hook, in the tick its headers arrived) with nothing left unread: its connection stays open.
 */
function declaresBody(raw: IncomingMessage): boolean {
  const length = raw.headers['content-length'];
  return raw.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Node ends and destroys a `Connection: close` socket through `destroySoon` once the response is
 * flushed; for this socket that becomes: end (FIN after the response), and destroy only once the
 * rest of the body is drained or a bound is met.
 */
function lingerOnClose(raw: IncomingMessage, bounds: DrainBounds): void {
  const socket = raw.socket;
  const destroySoon = socket.destroySoon.bind(socket);
  let drained = false;
  let responseFlushing = false;
  socket.destroySoon = () => {
    responseFlushing = true;
    if (drained) destroySoon();
    else socket.end();
  };
  void drain(raw, bounds).then(() => {
    drained = true;
    if (responseFlushing) destroySoon();
  });
}

/** Reads and discards the rest of the body; settles when it has all arrived, the connection went away, or a bound was met. */
function drain(raw: IncomingMessage, bounds: DrainBounds): Promise<void> {
  return new Promise((resolve) => {
    let read = 0;
    const finish = (): void => {
      clearTimeout(timer);
      raw.off('data', count).off('end', finish).off('close', finish);
      resolve();
    };
    const count = (chunk: Buffer | string): void => {
      read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (read > bounds.maxBytes) finish();
    };
    const timer = setTimeout(finish, bounds.timeoutMs);
    timer.unref();
    // A data listener that only counts, and flowing mode: Node reads the body off the wire and drops it.
    raw.on('data', count).once('end', finish).once('close', finish);
    raw.resume();
  });
}
