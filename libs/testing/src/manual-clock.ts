/**
 * A clock that stands still unless the test moves it, so time boundaries are exact whatever the
 * machine's load. Fits the platform's `Clock` (`now(): Date`); one instance shared by several
 * replicas stands for synchronised wall clocks.
 */
export class ManualClock {
  private readonly start = Date.now();
  private offset = 0;

  now(): Date {
    return new Date(this.start + this.offset);
  }

  setOffset(ms: number): void {
    this.offset = ms;
  }
}
