import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSecretsManagerProvider, AwsSsmProvider, SECRET_CATALOGUE, catalogueEntryFor, keyForStoreName, storeNamesFor } from '@tr4ction/secrets';
import { renderSecretTable } from './secret-table';

const ROOT = join(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
}

/** Every store name an `aws secretsmanager` / `aws ssm` command in the docs tells an operator to use. */
function awsNamesInDocs(): { file: string; name: string }[] {
  const command = /aws\s+(?:secretsmanager|ssm)\s+[a-z-]+[^\n]*?--(?:secret-id|name)\s+(\S+)/g;
  return [...markdownFiles('docs'), 'README.md'].flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(command)].map((match) => ({ file, name: match[1] })),
  );
}

describe('secret names: one table for providers, runbooks and docs', () => {
  it('docs/secrets.md shows the catalogue as it is (regenerate: see the comment in secret-table.ts)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'secrets.md'), 'utf8')).toContain(renderSecretTable());
  });

  it('every AWS secret or parameter name in the runbooks is a name a provider reads', () => {
    const names = awsNamesInDocs();
    expect(names.length).toBeGreaterThan(0);
    const unknown = names.filter(({ name }) => keyForStoreName(name) === undefined);
    expect(unknown).toEqual([]);
  });

  it('maps store names back to catalogued keys and refuses the upper-case spelling providers never read', () => {
    expect(keyForStoreName('tr4ction/jwt-secret-key')).toBe('JWT_SECRET_KEY');
    expect(keyForStoreName('/tr4ction/bus-signing-key-user-service')).toBe('BUS_SIGNING_KEY_USER_SERVICE');
    expect(keyForStoreName('tr4ction/JWT_SECRET_KEY')).toBeUndefined();
    expect(keyForStoreName('tr4ction/not-a-secret')).toBeUndefined();
    expect(keyForStoreName('other/jwt-secret-key')).toBeUndefined();
  });

  it('names each catalogued key the way the providers do', () => {
    const secretsManager = new AwsSecretsManagerProvider({ region: 'eu-west-1' });
    const ssm = new AwsSsmProvider({ region: 'eu-west-1' });
    for (const { key } of SECRET_CATALOGUE.filter((entry) => !entry.key.includes('<'))) {
      expect(secretsManager.secretIdFor(key)).toBe(storeNamesFor(key).awsSecretsManager);
      expect(ssm.parameterNameFor(key)).toBe(storeNamesFor(key).awsSsm);
      expect(catalogueEntryFor(key)?.key).toBe(key);
      expect(keyForStoreName(storeNamesFor(key).awsSecretsManager)).toBe(key);
      expect(keyForStoreName(storeNamesFor(key).awsSsm)).toBe(key);
    }
  });

  it('catalogues every secret key the source code reads by name', () => {
    const declared = /export const ([A-Z][A-Z0-9_]*(?:_KEY|_KEYS)) = '([A-Z0-9_]+)'/g;
    const keys = ['apps', 'libs']
      .flatMap((dir) => sourceFiles(dir))
      .flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(declared)].map((match) => match[2]));
    expect(keys).toEqual(expect.arrayContaining(['JWT_SECRET_KEY', 'SIGNING_KEYS_MASTER_KEY', 'MFA_ENCRYPTION_KEY', 'AUDIT_CHECKPOINT_KEY']));
    expect(keys.filter((key) => catalogueEntryFor(key) === undefined)).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
