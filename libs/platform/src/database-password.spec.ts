/** Where a service's pool takes its database password from, over a real temporary secrets folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasePasswordFromStore } from './database-password';

describe(databasePasswordFromStore.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tr4ction-db-password-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the store value (trimmed) when the file store keeps DATABASE_PASSWORD_<IDENTITY>', async () => {
    writeFileSync(join(dir, 'database-password-user-service'), 'from-the-store\n');
    const password = await databasePasswordFromStore('user-service', { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir });
    expect(password?.get()).toBe('from-the-store');
  });

  it("leaves DATABASE_URL's password in use when the store does not keep it, or cannot be written (env)", async () => {
    await expect(databasePasswordFromStore('user-service', { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir })).resolves.toBeUndefined();
    await expect(databasePasswordFromStore('user-service', { SECRETS_PROVIDER: 'env', DATABASE_PASSWORD_USER_SERVICE: 'x' })).resolves.toBeUndefined();
  });

  it("reads only this identity's password", async () => {
    writeFileSync(join(dir, 'database-password-auth-service'), 'not-mine');
    await expect(databasePasswordFromStore('user-service', { SECRETS_PROVIDER: 'file', SECRETS_FILE_DIR: dir })).resolves.toBeUndefined();
  });
});
