import { AuditReadSlots } from './audit-read-slots';
import { RateLimitedError, RetryLaterError } from '../rate-limit/rate-limited.error';

describe(AuditReadSlots.name, () => {
  it('refuses a caller past its own limit with 429, and the gateway past its total with 503, both retryable', () => {
    const sut = new AuditReadSlots(1, 2);
    const a = sut.acquire('user:a');
    expect(() => sut.acquire('user:a')).toThrow(RateLimitedError);
    const b = sut.acquire('user:b');
    let refused: unknown;
    try {
      sut.acquire('user:c');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(RetryLaterError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
    a();
    b();
    expect(sut.inUse).toBe(0);
    expect(() => sut.acquire('user:c')).not.toThrow();
  });

  it('gives a slot back once however often release is called', () => {
    const sut = new AuditReadSlots(2, 2);
    const release = sut.acquire('user:a');
    sut.acquire('user:a');
    release();
    release();
    expect(sut.inUse).toBe(1);
    expect(() => sut.acquire('user:b')).not.toThrow();
    expect(() => sut.acquire('user:b')).toThrow(RetryLaterError);
  });
});
