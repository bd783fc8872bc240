import { lockDurationSeconds, throttleDelaySeconds } from './login-throttle.policy';
import { getPolicy } from './password-policy.profiles';

describe(throttleDelaySeconds.name, () => {
  const nist = getPolicy('nist-800-63b-4');

  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [10, 32],
    [14, 512],
    [15, 900],
    [99, 900],
    [1e9, 900],
  ])('NIST: %i failures -> %i s', (failures, seconds) => {
    expect(throttleDelaySeconds(nist, failures)).toBe(seconds);
  });

  it('never grows smaller as failures accumulate', () => {
    let previous = 0;
    for (let failures = 0; failures <= 120; failures++) {
      const delay = throttleDelaySeconds(nist, failures);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it.each([Number.NaN, -3, Number.POSITIVE_INFINITY])('treats nonsense count %p as zero', (failures) => {
    expect(throttleDelaySeconds(nist, failures)).toBe(0);
  });

  it('does not throttle profiles that lock instead', () => {
    expect(throttleDelaySeconds(getPolicy('seed'), 50)).toBe(0);
    expect(throttleDelaySeconds(getPolicy('pci-dss-4'), 50)).toBe(0);
  });
});

describe(lockDurationSeconds.name, () => {
  it('locks seed and pci for 30 minutes', () => {
    expect(lockDurationSeconds(getPolicy('seed'))).toBe(1800);
    expect(lockDurationSeconds(getPolicy('pci-dss-4'))).toBe(1800);
  });
});
