/**
 * Errors raised by the security lib. Each carries a stable string `code` so a service can map it to
 * an RpcException / problem JSON without parsing messages. Messages never carry a password or hash.
 */
export type SecurityErrorCode = 'HASHER_OVERLOADED' | 'PASSWORD_TOO_LONG' | 'UNKNOWN_PASSWORD_POLICY';

export abstract class SecurityError extends Error {
  abstract readonly code: SecurityErrorCode;
}

/** The hasher's wait queue is full: shed load now (HTTP 503 + Retry-After) rather than queue without bound. */
export class HasherOverloadedError extends SecurityError {
  readonly code = 'HASHER_OVERLOADED';

  constructor(
    readonly active: number,
    readonly queued: number,
  ) {
    super(`Password hasher overloaded (${active} active, ${queued} queued)`);
    this.name = 'HasherOverloadedError';
  }
}

/** Input above the byte cap is refused before any hashing work, so a huge body cannot buy CPU time. */
export class PasswordTooLongError extends SecurityError {
  readonly code = 'PASSWORD_TOO_LONG';

  constructor(readonly maxBytes: number) {
    super(`Password exceeds ${maxBytes} bytes of UTF-8`);
    this.name = 'PasswordTooLongError';
  }
}

export class UnknownPasswordPolicyError extends SecurityError {
  readonly code = 'UNKNOWN_PASSWORD_POLICY';

  constructor(validNames: readonly string[]) {
    // The rejected value is not echoed: it comes from configuration or an admin request, and listing
    // the valid names is all the caller needs.
    super(`Unknown password policy; expected one of: ${validNames.join(', ')}`);
    this.name = 'UnknownPasswordPolicyError';
  }
}
