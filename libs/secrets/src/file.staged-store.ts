/**
 * Staged rotation over secret files: clients read `<dir>/<name>` as they always have; a rotation
 * writes `<name>.pending`, then finish copies the old value to `<name>.previous` and renames the
 * pending file over `<name>`. Which version each file holds is kept in `<name>.versions` (ids only,
 * never values). Every write is atomic, and finish is ordered so that repeating it after a crash at
 * any point ends in the same state:
 *   1. `<name>.previous` <- old `<name>`    (repeatable: `<name>` is still the old value)
 *   2. rename `<name>.pending` -> `<name>`  (skipped once the pending file is gone)
 *   3. `<name>.versions` <- {current: new, previous: old}
 */
import { join } from 'node:path';
import { readFileIfExists, renameDurably, writeFileAtomic } from './atomic-file.util';
import { DEFAULT_SECRETS_FILE_DIR } from './file.provider';
import { SecretsError } from './secrets.errors';
import { assertValidKey } from './secret-key.util';
import { errorCode, errorReason } from './error-shape.util';
import { UNVERSIONED, type StagedSecretStore, type StagedVersion } from './staged-secret-store.interface';

interface VersionIds {
  current: string | null;
  pending: string | null;
  previous: string | null;
}

const NO_VERSIONS: VersionIds = { current: null, pending: null, previous: null };
const PROVIDER = 'file';

export class FileStagedSecretStore implements StagedSecretStore {
  readonly provider = PROVIDER;

  constructor(readonly dir: string = DEFAULT_SECRETS_FILE_DIR) {}

  async createPending(name: string, versionId: string, value: string): Promise<void> {
    const paths = this.paths(name);
    await this.guard(name, async () => {
      const ids = await this.versionIds(name);
      if (ids.pending === versionId || ids.current === versionId) return;
      await writeFileAtomic(paths.pending, value);
      await writeFileAtomic(paths.versions, JSON.stringify({ ...ids, pending: versionId }));
    });
  }

  pending(name: string): Promise<StagedVersion | undefined> {
    return this.guard(name, async () => {
      const ids = await this.versionIds(name);
      if (ids.pending === null) return undefined;
      const value = await readFileIfExists(this.paths(name).pending);
      return value === undefined || value === '' ? undefined : { versionId: ids.pending, value };
    });
  }

  current(name: string): Promise<StagedVersion | undefined> {
    return this.guard(name, async () => {
      const value = await readFileIfExists(this.paths(name).current);
      if (value === undefined || value === '') return undefined;
      const ids = await this.versionIds(name);
      return { versionId: ids.current ?? UNVERSIONED, value };
    });
  }

  async finish(name: string, versionId: string): Promise<void> {
    const paths = this.paths(name);
    await this.guard(name, async () => {
      const ids = await this.versionIds(name);
      if (ids.current === versionId) return;
      if (ids.pending !== versionId) throw SecretsError.missing(name, PROVIDER, `file ${paths.pending}`, 'PendingVersionMismatch');
      const pendingValue = await readFileIfExists(paths.pending);
      if (pendingValue !== undefined) {
        const oldValue = await readFileIfExists(paths.current);
        if (oldValue !== undefined) await writeFileAtomic(paths.previous, oldValue);
        await renameDurably(paths.pending, paths.current);
      }
      await writeFileAtomic(paths.versions, JSON.stringify({ current: versionId, pending: null, previous: ids.current ?? UNVERSIONED }));
    });
  }

  private paths(name: string) {
    assertValidKey(name, PROVIDER);
    const current = join(this.dir, name);
    return { current, pending: `${current}.pending`, previous: `${current}.previous`, versions: `${current}.versions` };
  }

  private async versionIds(name: string): Promise<VersionIds> {
    const path = this.paths(name).versions;
    const text = await readFileIfExists(path);
    if (text === undefined) return NO_VERSIONS;
    try {
      const parsed = JSON.parse(text) as Partial<VersionIds>;
      return { current: parsed.current ?? null, pending: parsed.pending ?? null, previous: parsed.previous ?? null };
    } catch {
      throw SecretsError.invalid(name, PROVIDER, `has an unreadable version file (file ${path})`, 'SyntaxError');
    }
  }

  /** File-system failures become SecretsError codes; the message names paths, never contents. */
  private async guard<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error: unknown) {
      if (error instanceof SecretsError) throw error;
      const code = errorCode(error);
      const where = `file ${join(this.dir, name)}`;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw SecretsError.accessDenied(name, PROVIDER, where, code);
      throw SecretsError.unreachable(name, PROVIDER, where, errorReason(error) ?? 'unknown');
    }
  }
}
