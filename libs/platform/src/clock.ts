/**
 * Time as a dependency: lockout, expiry and rotation read `clock.now()`, so tests move time
 * instead of waiting. `TR4CTION_CLOCK_OFFSET_MS` shifts it for end-to-end tests of a running
 * stack; it is refused in production.
 */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  constructor(private offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}

export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): SystemClock {
  const raw = env.TR4CTION_CLOCK_OFFSET_MS;
  if (!raw) return new SystemClock();
  if (env.ENVIRONMENT === 'production') throw new Error('TR4CTION_CLOCK_OFFSET_MS is not allowed in production');
  return new SystemClock(Number(raw) || 0);
}
