/**
 * Runs checks one after another (they share one database connection and one bus connection), each
 * under a deadline; a check that throws or times out is a failure with the reason, never a crash of
 * the whole report.
 */
import { toCliError } from '../framework/error-mapping';
import type { CheckOutcome, DoctorCheck, DoctorContext } from './doctor-check';

export interface CheckReport extends CheckOutcome {
  id: string;
  title: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;

export async function runChecks(checks: readonly DoctorCheck[], ctx: DoctorContext): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const check of checks) {
    const outcome = await withDeadline(check, ctx);
    reports.push({ id: check.id, title: check.title, ...outcome });
  }
  return reports;
}

async function withDeadline(check: DoctorCheck, ctx: DoctorContext): Promise<CheckOutcome> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'fail',
          detail: `could not decide within ${Math.round(timeoutMs / 1000)} s`,
          fix: 'check that Postgres, NATS and the services answer (`npm start` / the services’ logs)',
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check.run(ctx), deadline]);
  } catch (err) {
    const e = toCliError(err);
    return { status: 'fail', detail: `could not check: ${e.message}`, fix: e.hint ?? 'see the message' };
  } finally {
    clearTimeout(timer);
  }
}
