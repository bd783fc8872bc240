// Only identifier-like names and codes are kept from a foreign error: anything freer could be a
// quoted payload. Digits are refused too, since AWS error names and errno codes never have them
// and a generated secret (hex, base64) practically always does.
const SAFE_REASON = /^[A-Za-z][A-Za-z_.:-]{0,63}$/;

function safe(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_REASON.test(value) ? value : undefined;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? safe(error.code) : undefined;
}

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? safe(error.name) : undefined;
}

/** The most specific safe identifier of an error: a generic `Error` name says less than `ECONNREFUSED`. */
export function errorReason(error: unknown): string | undefined {
  const name = errorName(error);
  return name !== undefined && name !== 'Error' ? name : (errorCode(error) ?? name);
}
