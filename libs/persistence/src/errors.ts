/** Errors that mean "the database is not there right now", as opposed to a bad query. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const msg = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection refused|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    msg,
  );
}

/**
 * Postgres's unique_violation (23505), from pg or from TypeORM's wrapper (which keeps pg's error as
 * `driverError`); with `constraint`, only a violation of that constraint.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  if ((e.code ?? e.driverError?.code) !== '23505') return false;
  return constraint === undefined || (e.constraint ?? e.driverError?.constraint) === constraint;
}
