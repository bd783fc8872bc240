import { eventSigningMessage, payloadDigest } from './event-signature';

describe('event signing message', () => {
  const input = {
    producer: 'user-service',
    subject: 'tr4ction.user.registered.v1',
    eventId: '0190a0b0-0000-7000-8000-000000000001',
    payloadSha256: payloadDigest(Buffer.from('{}')),
  };

  it('is the producer, subject, event id and payload digest, one per line', () => {
    expect(eventSigningMessage(input).toString('utf8')).toBe(
      `user-service\ntr4ction.user.registered.v1\n${input.eventId}\n${payloadDigest(Buffer.from('{}'))}`,
    );
    expect(payloadDigest(Buffer.from('{}'))).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses fields that could shift the lines', () => {
    expect(() => eventSigningMessage({ ...input, eventId: 'a\nb' })).toThrow(RangeError);
    expect(() => eventSigningMessage({ ...input, producer: '' })).toThrow(RangeError);
    expect(() => eventSigningMessage({ ...input, payloadSha256: 'ABC' })).toThrow(RangeError);
  });
});
