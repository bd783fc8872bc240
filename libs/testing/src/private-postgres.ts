/**
 * A private Postgres cluster on a spare port with password authentication (scram-sha-256 for every
 * TCP connection), for tests that need passwords checked: the machine's shared server trusts
 * every local login. Its own data directory, removed on stop; statements that change roles are
 * logged (log_statement = ddl) to a file a test can read, to prove what reached the server's log.
 * Postgres refuses to run as root: under root the cluster runs as the `postgres` OS user.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const BIN_DIRS = ['/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin'];
const SUPERUSER = 'postgres';

export function findPostgresBinDir(): string | undefined {
  return process.env.POSTGRES_BIN_DIR ?? BIN_DIRS.find((d) => existsSync(join(d, 'postgres')));
}

/** uid/gid of the `postgres` OS user, when this process is root (Postgres will not run as root). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${SUPERUSER}:`));
  if (!line) throw new Error('running as root and no postgres OS user to run the private cluster as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export class PrivatePostgres {
  private child?: ChildProcess;

  private constructor(
    private readonly bin: string,
    readonly port: number,
    private readonly dir: string,
    private readonly user: { uid: number; gid: number } | undefined,
    /** The superuser's password (the superuser logs in with it over TCP like everyone else). */
    readonly superuserPassword: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const bin = findPostgresBinDir();
    if (!bin) throw new Error('Postgres server binaries not found (set POSTGRES_BIN_DIR)');
    const user = runAs();
    const dir = mkdtempSync(join(tmpdir(), 'tr4ction-pg-'));
    if (user) chownSync(dir, user.uid, user.gid);
    chmodSync(dir, 0o700);
    const password = randomBytes(18).toString('base64url');
    const pwfile = join(dir, 'superuser-password');
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (user) chownSync(pwfile, user.uid, user.gid);
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', join(dir, 'data'), '-U', SUPERUSER, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync'],
      { ...spawnOptions(user), encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    rmSync(pwfile);
    const pg = new PrivatePostgres(bin, await freePort(), dir, user, password);
    await pg.resume();
    return pg;
  }

  /** A URL for `login` with `password` on this cluster (database `postgres` unless named). */
  url(login: string, password: string, database = 'postgres'): string {
    return `postgres://${encodeURIComponent(login)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  get adminUrl(): string {
    return this.url(SUPERUSER, this.superuserPassword);
  }

  /** What the server logged so far (statements that change roles included). */
  serverLog(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async resume(): Promise<void> {
    if (this.child) return;
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1'];
    const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'log_statement=ddl', 'password_encryption=scram-sha-256'];
    const child = spawn(join(this.bin, 'postgres'), [...args, ...settings.flatMap((s) => ['-c', s])], {
      ...spawnOptions(this.user),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const log: Buffer[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      log.push(chunk);
      writeFileSync(join(this.dir, 'server.log'), Buffer.concat(log));
    });
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited: ${Buffer.concat(log).toString('utf8').slice(-500)}`);
        const client = new Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 30_000, what: 'private postgres' },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT'); // fast shutdown: open sessions are ended
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function spawnOptions(user: { uid: number; gid: number } | undefined): SpawnOptions {
  return user ? { uid: user.uid, gid: user.gid, cwd: '/' } : {};
}
