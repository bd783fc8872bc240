/**
 * Domain separation: what is signed is `purpose || 0x00 || message`, so a signature made for one
 * purpose (an event, a request proof, an operator assertion) never verifies for another.
 */
const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9.-]{0,127}$/;
const SEPARATOR = Buffer.from([0]);

export function assertPurpose(purpose: string): void {
  if (typeof purpose !== 'string' || !PURPOSE_PATTERN.test(purpose)) {
    throw new RangeError('message signing: purpose must be lower-case letters, digits, dots or dashes (e.g. tr4ction.event.v1)');
  }
}

export function signedBytes(purpose: string, message: Uint8Array): Buffer {
  assertPurpose(purpose);
  return Buffer.concat([Buffer.from(purpose, 'utf8'), SEPARATOR, message]);
}
