/**
 * A private PgBouncer (Debian's `pgbouncer`) in transaction pooling mode on a spare loopback port, in
 * front of the test Postgres: a suite points the services at it to prove they hold no session state
 * (every transaction may land on another server connection). Installed with apt-get when missing
 * and running as root, as a test setup would on a fresh Debian machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

export function findPgBouncer(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

/** The binary, installing Debian's package first when it is missing and this process is root. */
export function ensurePgBouncer(): string {
  const found = findPgBouncer();
  if (found) return found;
  if (userInfo().uid !== 0) throw new Error('pgbouncer is not installed: run `sudo apt-get install -y pgbouncer`');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['install', '-y', '-q', 'pgbouncer'], { env, stdio: 'ignore' }).status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', '-q', 'pgbouncer'], { env, stdio: 'ignore' });
  }
  const installed = findPgBouncer();
  if (!installed) throw new Error('installing pgbouncer with apt-get failed');
  return installed;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function iniValue(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class PrivatePgBouncer {
  readonly logs: string[] = [];
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /**
   * Starts PgBouncer in front of the server of `serverUrl`: any database on it, as that URL's user;
   * or, given `users` (login -> password), each client authenticates as one of them (SCRAM) and its
   * server connections log in as that same user, as a deployment with one role per service does.
   */
  static async start(serverUrl: string, { users }: { users?: Record<string, string> } = {}): Promise<PrivatePgBouncer> {
    const bin = ensurePgBouncer();
    const server = new URL(serverUrl);
    const dir = mkdtempSync(join(tmpdir(), 'tr4ction-pgbouncer-'));
    chmodSync(dir, 0o755);
    const bouncer = new PrivatePgBouncer(await freePort(), dir);
    const target = [
      `host=${server.hostname}`,
      `port=${server.port || '5432'}`,
      `user=${decodeURIComponent(server.username || 'postgres')}`,
      ...(server.password ? [`password=${iniValue(decodeURIComponent(server.password))}`] : []),
    ].join(' ');
    bouncer.target = target;
    if (users) {
      // No user on the wildcard entry: a server connection logs in as the client did.
      bouncer.wildcard = [`host=${server.hostname}`, `port=${server.port || '5432'}`].join(' ');
      bouncer.authFile = join(dir, 'userlist.txt');
      writeFileSync(
        bouncer.authFile,
        Object.entries(users)
          .map(([u, p]) => `"${u.replace(/"/g, '""')}" "${p.replace(/"/g, '""')}"`)
          .join('\n') + '\n',
        { mode: 0o644 },
      );
    }
    const iniFile = join(dir, 'pgbouncer.ini');
    bouncer.iniFile = iniFile;
    bouncer.writeIni();
    bouncer.child = spawn(bin, [iniFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => bouncer.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    bouncer.child.stdout?.on('data', collect);
    bouncer.child.stderr?.on('data', collect);
    await waitFor(() => portOpen(bouncer.port), { timeoutMs: 10_000, what: 'pgbouncer to listen' });
    return bouncer;
  }

  private target = '';
  private wildcard = '';
  private authFile = '';
  private iniFile = '';
  private readonly aliases: string[] = [];

  private writeIni(): void {
    const ini = [
      '[databases]',
      ...this.aliases,
      `* = ${this.wildcard || this.target}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${this.port}`,
      'unix_socket_dir =',
      // Clients are the test's own services: either each logs in as its own user (auth file), or
      // every server login is the one configured above.
      ...(this.authFile ? ['auth_type = scram-sha-256', `auth_file = ${this.authFile}`] : ['auth_type = any']),
      'pool_mode = transaction',
      'max_client_conn = 1000',
      // Server connections per login: the replicas' pools share them (transaction mode). At 40 the
      // cluster suite alone held 29 of Postgres's connections for one login, beside another suite.
      'default_pool_size = 5',
      'server_reset_query =',
      'server_check_delay = 0',
      // PgBouncer refuses to run as root: it drops to the postgres user then.
      ...(userInfo().uid === 0 ? ['user = postgres'] : []),
    ].join('\n');
    writeFileSync(this.iniFile, `${ini}\n`, { mode: 0o644 });
  }

  /**
   * Adds a database entry `alias` for `database` whose server connections first run connectQuery
   * (e.g. `SET ROLE ...`: how a PgBouncer deployment gives a pool a role, since it refuses startup
   * options), and reloads PgBouncer (SIGHUP). Returns the URL of that entry.
   */
  addDatabase(alias: string, database: string, connectQuery: string, url: string): string {
    this.aliases.push(`${alias} = ${this.target} dbname=${database} connect_query=${iniValue(connectQuery)}`);
    this.writeIni();
    this.child?.kill('SIGHUP');
    const u = new URL(this.urlFor(url));
    u.pathname = `/${alias}`;
    return u.toString();
  }

  /** `url` (a database on the server behind it) rewritten to go through this PgBouncer. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
