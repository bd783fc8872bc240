import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SECRETS_FILE_DIR, FileSecretsProvider, type SecretFileReader } from './file.provider';

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe(FileSecretsProvider.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tr4ction-secrets-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function setup(readFile?: SecretFileReader) {
    return { sut: new FileSecretsProvider({ dir, readFile }) };
  }

  it('defaults to /run/secrets', () => {
    expect(new FileSecretsProvider().dir).toBe(DEFAULT_SECRETS_FILE_DIR);
    expect(DEFAULT_SECRETS_FILE_DIR).toBe('/run/secrets');
  });

  it('reads <dir>/<KEY> and trims exactly one trailing newline', async () => {
    await writeFile(join(dir, 'JWT_SECRET_KEY'), 'value-with-newlines\n\n');
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('value-with-newlines\n');
  });

  it('trims a CRLF ending and keeps inner whitespace', async () => {
    await writeFile(join(dir, 'JWT_SECRET_KEY'), ' spaced value \r\n');
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe(' spaced value ');
  });

  it('falls back to the lower-case dashed file name', async () => {
    await writeFile(join(dir, 'signing-keys-master-key'), 'dashed\n');
    const { sut } = setup();
    await expect(sut.get('SIGNING_KEYS_MASTER_KEY')).resolves.toBe('dashed');
  });

  it('prefers the exact file name over the dashed one', async () => {
    await writeFile(join(dir, 'JWT_SECRET_KEY'), 'exact');
    await writeFile(join(dir, 'jwt-secret-key'), 'dashed');
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).resolves.toBe('exact');
  });

  it('reports a missing file as SECRET_MISSING naming key, provider and paths', async () => {
    const { sut } = setup();
    await expect(sut.get('AUDIT_CHECKPOINT_KEY')).rejects.toMatchObject({
      code: 'SECRET_MISSING',
      key: 'AUDIT_CHECKPOINT_KEY',
      provider: 'file',
      message: expect.stringContaining(join(dir, 'audit-checkpoint-key')),
    });
    await expect(sut.getOptional('AUDIT_CHECKPOINT_KEY')).resolves.toBeUndefined();
  });

  it('treats an empty file as missing', async () => {
    await writeFile(join(dir, 'JWT_SECRET_KEY'), '\n');
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_MISSING' });
  });

  it('maps EACCES to SECRET_ACCESS_DENIED without trying the other name', async () => {
    const readFile = jest.fn<Promise<string>, [string]>().mockRejectedValue(fsError('EACCES'));
    const { sut } = setup(readFile);
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED', reason: 'EACCES', provider: 'file' });
    expect(readFile.mock.calls).toEqual([[join(dir, 'JWT_SECRET_KEY')]]);
    await expect(sut.getOptional('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_ACCESS_DENIED' });
  });

  it('maps a directory in place of the file to SECRET_INVALID', async () => {
    await mkdir(join(dir, 'JWT_SECRET_KEY'));
    const { sut } = setup();
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_INVALID', reason: 'EISDIR' });
  });

  it('maps other I/O failures to SECRET_PROVIDER_UNREACHABLE', async () => {
    const { sut } = setup(() => Promise.reject(fsError('EIO')));
    await expect(sut.get('JWT_SECRET_KEY')).rejects.toMatchObject({ code: 'SECRET_PROVIDER_UNREACHABLE', reason: 'EIO' });
  });

  it('refuses keys that would walk out of the directory', async () => {
    const readFile = jest.fn<Promise<string>, [string]>();
    const { sut } = setup(readFile);
    await expect(sut.get('../../etc/passwd')).rejects.toMatchObject({ code: 'SECRET_INVALID' });
    expect(readFile).not.toHaveBeenCalled();
  });
});
