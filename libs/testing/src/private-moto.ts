/**
 * A private moto server (the AWS API emulator, in server mode) on a spare loopback port, so the
 * AWS Secrets Manager and SSM code paths run over real HTTP with SigV4-signed requests instead of
 * an in-process mock. Point the SDK at `endpoint` with `awsEnv()` (AWS_ENDPOINT_URL, dummy keys,
 * a region); moto accepts any credentials. Each test file gets its own server, so its state is
 * its own; `reset()` empties it between tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const INSTALL_HINT = "moto is not installed: install it with `python3 -m pip install 'moto[server]'` (or set MOTO_SERVER_BIN to its moto_server)";
/** What the server printed last, for the error when it dies before answering (request lines are noise). */
const KEPT_OUTPUT = 4_000;

/** `moto_server` from MOTO_SERVER_BIN or PATH, or undefined when it is not installed. */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MOTO_SERVER_BIN) return env.MOTO_SERVER_BIN;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export class PrivateMoto {
  private output = '';
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly gone: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (d: Buffer) => this.keep(d));
    child.stderr?.on('data', (d: Buffer) => this.keep(d));
    this.gone = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      }),
    );
  }

  static async start(options: { timeoutMs?: number } = {}): Promise<PrivateMoto> {
    const bin = findMotoServer();
    if (!bin) throw new Error(INSTALL_HINT);
    const port = await freePort();
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
    const moto = new PrivateMoto(child, port);
    const failure = await Promise.race([
      spawnFailed,
      moto.untilAnswering(options.timeoutMs ?? 30_000).then(
        () => undefined,
        (e: Error) => e,
      ),
    ]);
    if (failure) {
      await moto.stop();
      const missing = (failure as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? INSTALL_HINT : `${failure.message}; moto_server said: ${moto.output.slice(-1_000) || '(nothing)'}`);
    }
    return moto;
  }

  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL (or a client's `endpoint`) should be. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * The environment that points an AWS SDK v3 client (or a service process) at this server: the
   * SDK reads AWS_ENDPOINT_URL itself, and signs with the dummy keys as it would with real ones.
   */
  awsEnv(region = 'us-east-1'): Record<string, string> {
    return { AWS_ENDPOINT_URL: this.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: region };
  }

  /** Puts `awsEnv()` into this process's environment (SDK clients built afterwards use it); returns the undo. */
  applyAwsEnv(region?: string): () => void {
    const vars = this.awsEnv(region);
    const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    return () => {
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
  }

  /** Empties every emulated service (moto's own reset endpoint). */
  async reset(): Promise<void> {
    const res = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
  }

  async stop(): Promise<void> {
    // No pid: the spawn itself failed, there is nothing to end (and no exit event will come).
    if (this.exited || this.child.pid === undefined) return;
    // Its own process group: a wrapper (pyenv shim, python -m) must not outlive the test.
    try {
      process.kill(-(this.child.pid ?? 0), 'SIGTERM');
    } catch {
      this.child.kill('SIGTERM');
    }
    await this.gone;
  }

  private async untilAnswering(timeoutMs: number): Promise<void> {
    const answering = waitFor(
      async () => {
        // Stop polling once the server is gone: `died` below has the reason.
        if (this.exited) return true;
        const res = await fetch(`${this.endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
        return res?.ok === true;
      },
      { timeoutMs, intervalMs: 100, what: `moto_server on port ${this.port}` },
    );
    // A server that dies at once (a broken install) fails the start now, not at the deadline.
    const died = this.gone.then(() => {
      throw new Error(`moto_server exited (${this.exited?.code ?? this.exited?.signal}) before answering`);
    });
    died.catch(() => undefined);
    await Promise.race([died, answering]);
  }

  private keep(chunk: Buffer): void {
    this.output = (this.output + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
  }
}
