/**
 * Refuses a password over 1 KiB of UTF-8 before anything else looks at it (no hashing, no service
 * call), as the policy violation `too_long`, the same answer user-service gives. Runs before the
 * schema pipe so the answer does not depend on which limit the input crossed first.
 */
import { Injectable, type PipeTransform } from '@nestjs/common';
import { MAX_PASSWORD_BYTES } from '@tr4ction/security';
import { GatewayError } from './problem';

@Injectable()
export class PasswordCapPipe implements PipeTransform<unknown, unknown> {
  constructor(private readonly fields: readonly string[]) {}

  transform(value: unknown): unknown {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const body = value as Record<string, unknown>;
    const over = this.fields.some((f) => typeof body[f] === 'string' && Buffer.byteLength(body[f] as string, 'utf8') > MAX_PASSWORD_BYTES);
    if (over) {
      throw new GatewayError('PASSWORD_POLICY', 'The password does not meet the password policy', [
        { rule: 'too_long', message: `Must be at most ${MAX_PASSWORD_BYTES} bytes when encoded as UTF-8.` },
      ]);
    }
    return value;
  }
}
