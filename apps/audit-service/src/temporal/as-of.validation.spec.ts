import { limitOf, parseAsOf } from './as-of.validation';

describe(parseAsOf.name, () => {
  it.each([
    ['2026-03-03T12:00:00Z', '2026-03-03T12:00:00.000Z'],
    ['2026-03-03T12:00:00.5+02:00', '2026-03-03T10:00:00.500Z'],
    ['2026-03-03t12:00:00z', '2026-03-03T12:00:00.000Z'],
  ])('accepts the RFC 3339 instant %s', (input, canonical) => {
    expect(parseAsOf(input)).toBe(canonical);
  });

  it.each([undefined, '', 'yesterday', '2026-03-03', '2026-03-03T12:00:00', '2026-13-01T00:00:00Z', '1709467200', 42])(
    'refuses %p with VALIDATION_FAILED',
    (input) => {
      expect(() => parseAsOf(input)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});

describe(limitOf.name, () => {
  it('defaults, clamps and refuses', () => {
    expect(limitOf(undefined, 50, 200)).toBe(50);
    expect(limitOf(1000, 50, 200)).toBe(200);
    expect(() => limitOf(0, 50, 200)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
