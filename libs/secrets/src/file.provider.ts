/**
 * Reads Docker/Kubernetes-style secret files: `<dir>/<KEY>`, else `<dir>/<key-lowercase-dashed>`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretsProvider } from './secrets-provider.interface';
import { SecretsError, missingAsUndefined } from './secrets.errors';
import { assertValidKey, toDashedName } from './secret-key.util';
import { errorCode, errorReason } from './error-shape.util';

export const DEFAULT_SECRETS_FILE_DIR = '/run/secrets';

export type SecretFileReader = (path: string) => Promise<string>;

export interface FileSecretsProviderOptions {
  dir?: string;
  /** Injected by tests: permission errors cannot be staged with chmod when running as root. */
  readFile?: SecretFileReader;
}

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR']);
const DENIED_CODES = new Set(['EACCES', 'EPERM']);

export class FileSecretsProvider implements SecretsProvider {
  readonly name = 'file';
  readonly dir: string;
  private readonly read: SecretFileReader;

  constructor(options: FileSecretsProviderOptions = {}) {
    this.dir = options.dir ?? DEFAULT_SECRETS_FILE_DIR;
    this.read = options.readFile ?? ((path) => readFile(path, 'utf8'));
  }

  async get(key: string): Promise<string> {
    assertValidKey(key, this.name);
    const paths = this.candidatePaths(key);
    for (const path of paths) {
      const content = await this.readOne(key, path);
      if (content === undefined) continue;
      const value = stripOneTrailingNewline(content);
      // An empty file is what an interrupted `echo > file` leaves behind: treat it as absent.
      if (value === '') throw SecretsError.missing(key, this.name, `file ${path}`, 'empty');
      return value;
    }
    throw SecretsError.missing(key, this.name, `file ${paths.join(' or ')}`, 'ENOENT');
  }

  getOptional(key: string): Promise<string | undefined> {
    return missingAsUndefined(this.get(key));
  }

  private candidatePaths(key: string): string[] {
    const dashed = toDashedName(key);
    return dashed === key ? [join(this.dir, key)] : [join(this.dir, key), join(this.dir, dashed)];
  }

  private async readOne(key: string, path: string): Promise<string | undefined> {
    try {
      return await this.read(path);
    } catch (error: unknown) {
      const code = errorCode(error);
      if (code !== undefined && MISSING_CODES.has(code)) return undefined;
      if (code !== undefined && DENIED_CODES.has(code)) throw SecretsError.accessDenied(key, this.name, `file ${path}`, code);
      if (code === 'EISDIR') throw SecretsError.invalid(key, this.name, `is not a regular file (file ${path})`, code);
      throw SecretsError.unreachable(key, this.name, `file ${path}`, errorReason(error) ?? 'unknown');
    }
  }
}

/** Editors and `echo` add one newline; anything beyond it may be part of the value. */
function stripOneTrailingNewline(content: string): string {
  if (content.endsWith('\r\n')) return content.slice(0, -2);
  if (content.endsWith('\n')) return content.slice(0, -1);
  return content;
}
