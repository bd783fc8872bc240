/**
 * An HTTP proxy in front of an AWS endpoint (moto in tests) that answers chosen requests with a
 * real AWS-shaped error instead of forwarding them: the SDK then parses, retries and surfaces it
 * exactly as it would one from AWS. Secrets Manager and SSM speak the JSON 1.1 protocol, whose
 * errors are a status, an `x-amzn-ErrorType` header and a `{"__type", "message"}` body; the
 * operation is named by the `X-Amz-Target` header (`secretsmanager.PutSecretValue`,
 * `AmazonSSM.GetParameter`), which is what `failNext` matches on.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './free-port';

export interface AwsFault {
  /** The AWS error code, e.g. `ThrottlingException`, `AccessDeniedException`. */
  type: string;
  status?: number;
  /** The error's message; tests put a canary in it to prove it never reaches a thrown error. */
  message?: string;
}

interface Armed {
  fault: AwsFault;
  remaining: number;
  /** Matching requests still to forward before the faults start (to fail a step between its writes). */
  skip: number;
  /** Only requests whose X-Amz-Target ends with one of these (an operation name); all when empty. */
  operations: string[];
}

export const AWS_FAULTS = {
  throttling: { type: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  accessDenied: {
    type: 'AccessDeniedException',
    status: 400,
    message: 'User: arn:aws:iam::123456789012:user/tr4ction-test is not authorized to perform this action because no identity-based policy allows it',
  },
} as const satisfies Record<string, AwsFault>;

export class AwsFaultProxy {
  private readonly armed: Armed[] = [];
  /** X-Amz-Target of every request seen, answered or forwarded, in order. */
  readonly seen: string[] = [];
  /** How many requests got an injected fault. */
  injected = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: URL,
  ) {}

  static async start(targetEndpoint: string): Promise<AwsFaultProxy> {
    const port = await freePort();
    const holder: { proxy?: AwsFaultProxy } = {};
    const server = createServer((req, res) => void holder.proxy?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    holder.proxy = new AwsFaultProxy(server, port, new URL(targetEndpoint));
    return holder.proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Answers the next `count` requests for `operations` (all when none are named) with `fault`,
   * after letting `after` of them through; then forwards again.
   */
  failNext(count: number, fault: AwsFault, options: { operations?: string[]; after?: number } = {}): void {
    this.armed.push({ fault, remaining: count, operations: options.operations ?? [], skip: options.after ?? 0 });
  }

  /** Forwards everything from now on. */
  heal(): void {
    this.armed.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    this.seen.push(target);
    const armed = this.armed.find((a) => a.remaining > 0 && (a.operations.length === 0 || a.operations.some((op) => target.endsWith(`.${op}`))));
    if (armed && armed.skip > 0) armed.skip -= 1;
    else if (armed) {
      armed.remaining -= 1;
      this.injected += 1;
      const { type, status = 400, message = type } = armed.fault;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type, 'x-amzn-requestid': `fault-${this.injected}` });
      res.end(JSON.stringify({ __type: type, message }));
      return;
    }
    this.forward(req, body, res);
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const upstream = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
