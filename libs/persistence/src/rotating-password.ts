/**
 * A database password that can change while the pool runs. Postgres checks a password only when a
 * connection opens and keeps one password per role, so during a rotation a replica may hold the
 * old one after the role already has the new one. Each new connection asks the source for the
 * password (node-postgres calls `password` when the server asks for it); a connection refused with
 * 28P01 (invalid_password) makes the source re-read the store and the pool try once more with the
 * value the failed one did not use (the current or the pending one), so the caller sees no failure.
 * Open connections are not affected.
 */
import * as pg from 'pg';

/** What the store holds for the login: the current value and, during a rotation, the pending one. */
export interface PasswordCandidates {
  current?: string;
  pending?: string;
}

export class RotatingPassword {
  private active: string | undefined;
  private reload?: Promise<void>;
  private candidates: PasswordCandidates = {};

  constructor(private readonly load: () => Promise<PasswordCandidates>) {}

  /** Reads the store once, at boot: a login whose password cannot be read fails there, not at the first query. */
  async init(): Promise<this> {
    await this.refresh();
    return this;
  }

  /** The value new connections use now. */
  get(): string {
    if (this.active === undefined) throw new Error('the database password has not been read yet');
    return this.active;
  }

  /**
   * After `failed` was refused: re-reads the store (one read for all connections failing at once)
   * and switches to a value other than `failed`. False when the store offers no other value.
   */
  async refused(failed: string): Promise<boolean> {
    if (this.active !== failed) return true; // another connection already switched
    this.reload ??= this.refresh().finally(() => (this.reload = undefined));
    await this.reload;
    if (this.active !== failed) return true;
    const other = [this.candidates.pending, this.candidates.current].find((v) => v && v !== failed);
    if (!other) return false;
    this.active = other;
    return true;
  }

  private async refresh(): Promise<void> {
    this.candidates = await this.load();
    const { current, pending } = this.candidates;
    if (!current && !pending) throw new Error('the secrets store holds no database password');
    // Keep a value the store still offers; else take the current one.
    if (this.active === undefined || (this.active !== current && this.active !== pending)) this.active = current ?? pending;
  }
}

const INVALID_PASSWORD = '28P01';
const MAX_ATTEMPTS = 3;

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, release?: (err?: Error | boolean) => void) => void;

/**
 * A `pg` module for TypeORM's `driver` option whose pools take the password from `password`
 * per connection and retry a connection refused for its password. A connection string's own
 * password (even an empty one) would override a `password` option, so the client sets it after
 * parsing.
 */
export function pgWithRotatingPassword(password: RotatingPassword): typeof pg {
  class RotatingPasswordClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(config);
      (this as unknown as { password: () => string }).password = () => password.get();
    }
  }

  class RotatingPasswordPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super({ ...config, Client: RotatingPasswordClient } as pg.PoolConfig);
    }

    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      const attempt = async (): Promise<pg.PoolClient> => {
        for (let n = 1; ; n++) {
          const used = password.get();
          try {
            return await super.connect();
          } catch (err) {
            if ((err as { code?: string }).code !== INVALID_PASSWORD || n >= MAX_ATTEMPTS || !(await password.refused(used))) throw err;
          }
        }
      };
      if (!callback) return attempt();
      attempt().then(
        (client) => callback(undefined, client, (err) => client.release(err)),
        (err: Error) => callback(err),
      );
    }
  }

  const driver = Object.create(pg) as typeof pg & { Pool: typeof pg.Pool };
  Object.defineProperty(driver, 'Pool', { value: RotatingPasswordPool });
  return driver;
}
