/**
 * The file store on a real file system: the four steps, what a client re-reading `<name>` sees
 * at each of them, and a finish repeated from each state a crash can leave between its writes.
 */
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecretsProvider } from './file.provider';
import { FileStagedSecretStore } from './file.staged-store';

describe(FileStagedSecretStore.name, () => {
  let dir: string;
  let sut: FileStagedSecretStore;
  let reader: FileSecretsProvider;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-staged-'));
    sut = new FileStagedSecretStore(dir);
    reader = new FileSecretsProvider({ dir });
    await writeFile(join(dir, 'exporter'), 'old-value\n');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps clients on the current value until finish, then keeps the old one as previous', async () => {
    await expect(sut.current('exporter')).resolves.toEqual({ versionId: 'initial', value: 'old-value\n' });
    await sut.createPending('exporter', 'v1', 'new-value');
    await expect(reader.get('exporter')).resolves.toBe('old-value');
    await expect(sut.pending('exporter')).resolves.toEqual({ versionId: 'v1', value: 'new-value' });

    await sut.finish('exporter', 'v1');
    await expect(reader.get('exporter')).resolves.toBe('new-value');
    await expect(sut.current('exporter')).resolves.toEqual({ versionId: 'v1', value: 'new-value' });
    await expect(sut.pending('exporter')).resolves.toBeUndefined();
    await expect(readFile(join(dir, 'exporter.previous'), 'utf8')).resolves.toBe('old-value\n');
    expect(JSON.parse(await readFile(join(dir, 'exporter.versions'), 'utf8'))).toEqual({ current: 'v1', pending: null, previous: 'initial' });
    expect((await readdir(dir)).sort()).toEqual(['exporter', 'exporter.previous', 'exporter.versions']);
  });

  it('repeats each step without changing the outcome', async () => {
    await sut.createPending('exporter', 'v1', 'new-value');
    // A resumed create must not replace a value the set step may already have used.
    await sut.createPending('exporter', 'v1', 'another-value');
    await expect(sut.pending('exporter')).resolves.toEqual({ versionId: 'v1', value: 'new-value' });
    await sut.finish('exporter', 'v1');
    await sut.finish('exporter', 'v1');
    await sut.createPending('exporter', 'v1', 'late-value');
    await expect(reader.get('exporter')).resolves.toBe('new-value');
    await expect(readFile(join(dir, 'exporter.previous'), 'utf8')).resolves.toBe('old-value\n');
    await expect(sut.pending('exporter')).resolves.toBeUndefined();
  });

  it('finishes from the state a crash after the previous-file write leaves', async () => {
    await sut.createPending('exporter', 'v1', 'new-value');
    await writeFile(join(dir, 'exporter.previous'), 'old-value\n');
    await sut.finish('exporter', 'v1');
    await expect(reader.get('exporter')).resolves.toBe('new-value');
    await expect(readFile(join(dir, 'exporter.previous'), 'utf8')).resolves.toBe('old-value\n');
  });

  it('finishes from the state a crash after the rename leaves (versions file not yet written)', async () => {
    await sut.createPending('exporter', 'v1', 'new-value');
    await writeFile(join(dir, 'exporter.previous'), 'old-value\n');
    await rename(join(dir, 'exporter.pending'), join(dir, 'exporter'));
    await sut.finish('exporter', 'v1');
    await expect(sut.current('exporter')).resolves.toEqual({ versionId: 'v1', value: 'new-value' });
    await expect(readFile(join(dir, 'exporter.previous'), 'utf8')).resolves.toBe('old-value\n');
  });

  it('replaces an abandoned pending version with a newer one and refuses to finish the abandoned one', async () => {
    await sut.createPending('exporter', 'v1', 'first');
    await sut.createPending('exporter', 'v2', 'second');
    await expect(sut.pending('exporter')).resolves.toEqual({ versionId: 'v2', value: 'second' });
    await expect(sut.finish('exporter', 'v1')).rejects.toMatchObject({ code: 'SECRET_MISSING', reason: 'PendingVersionMismatch' });
    await sut.finish('exporter', 'v2');
    await expect(reader.get('exporter')).resolves.toBe('second');
  });

  it('rotates twice: previous is always the value just replaced', async () => {
    await sut.createPending('exporter', 'v1', 'one');
    await sut.finish('exporter', 'v1');
    await sut.createPending('exporter', 'v2', 'two');
    await sut.finish('exporter', 'v2');
    await expect(readFile(join(dir, 'exporter.previous'), 'utf8')).resolves.toBe('one');
    expect(JSON.parse(await readFile(join(dir, 'exporter.versions'), 'utf8'))).toMatchObject({ current: 'v2', previous: 'v1' });
  });

  it('creates a secret that did not exist and refuses names that would leave the directory', async () => {
    await sut.createPending('fresh', 'v1', 'value');
    await expect(sut.current('fresh')).resolves.toBeUndefined();
    await sut.finish('fresh', 'v1');
    await expect(reader.get('fresh')).resolves.toBe('value');
    await expect(sut.createPending('../escape', 'v1', 'value')).rejects.toMatchObject({ code: 'SECRET_INVALID' });
  });

  it('never writes a value into an error message', async () => {
    await writeFile(join(dir, 'broken.versions'), 'not json');
    const error = await sut.pending('broken').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SECRET_INVALID' });
    expect(JSON.stringify(error)).not.toContain('not json');
  });
});
