/**
 * The one error type of the secrets lib. A message names the key, the provider and where it looked;
 * it never carries a secret value, and the underlying error is reduced to its name because SDK and
 * parser errors can quote the response body, which is the secret itself.
 */

export const SECRETS_ERROR_CODES = ['SECRET_MISSING', 'SECRET_ACCESS_DENIED', 'SECRET_PROVIDER_UNREACHABLE', 'SECRET_INVALID'] as const;

export type SecretsErrorCode = (typeof SECRETS_ERROR_CODES)[number];

export interface SecretsErrorDetails {
  code: SecretsErrorCode;
  key: string;
  provider: string;
  message: string;
  /** Name or code of the underlying failure (e.g. `ParameterNotFound`, `EACCES`), never its message. */
  reason?: string;
}

export class SecretsError extends Error {
  readonly code: SecretsErrorCode;
  readonly key: string;
  readonly provider: string;
  readonly reason?: string;

  constructor(details: SecretsErrorDetails) {
    super(details.message);
    this.name = 'SecretsError';
    this.code = details.code;
    this.key = details.key;
    this.provider = details.provider;
    if (details.reason !== undefined) this.reason = details.reason;
  }

  static missing(key: string, provider: string, where: string, reason?: string): SecretsError {
    return new SecretsError({ code: 'SECRET_MISSING', key, provider, reason, message: withReason(`${key} is missing in ${provider} (${where})`, reason) });
  }

  static accessDenied(key: string, provider: string, where: string, reason?: string): SecretsError {
    return new SecretsError({
      code: 'SECRET_ACCESS_DENIED',
      key,
      provider,
      reason,
      message: withReason(`access to ${key} was denied by ${provider} (${where})`, reason),
    });
  }

  static unreachable(key: string, provider: string, where: string, reason?: string): SecretsError {
    return new SecretsError({
      code: 'SECRET_PROVIDER_UNREACHABLE',
      key,
      provider,
      reason,
      message: withReason(`${provider} could not be reached to read ${key} (${where})`, reason),
    });
  }

  static invalid(key: string, provider: string, problem: string, reason?: string): SecretsError {
    return new SecretsError({ code: 'SECRET_INVALID', key, provider, reason, message: withReason(`${key} ${problem}`, reason) });
  }

  /** Loggers serialise errors with JSON; keep that output to the safe fields. */
  toJSON(): SecretsErrorDetails & { name: string } {
    return { name: this.name, code: this.code, key: this.key, provider: this.provider, message: this.message, reason: this.reason };
  }
}

export function isSecretsError(error: unknown): error is SecretsError {
  return error instanceof SecretsError;
}

/** `getOptional` in terms of `get`: only absence becomes `undefined`; denial and outages still reject. */
export async function missingAsUndefined(read: Promise<string>): Promise<string | undefined> {
  try {
    return await read;
  } catch (error: unknown) {
    if (error instanceof SecretsError && error.code === 'SECRET_MISSING') return undefined;
    throw error;
  }
}

function withReason(message: string, reason: string | undefined): string {
  return reason === undefined ? message : `${message}: ${reason}`;
}
