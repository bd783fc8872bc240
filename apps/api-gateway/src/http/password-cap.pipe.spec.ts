import { GatewayError } from './problem';
import { PasswordCapPipe } from './password-cap.pipe';

describe(PasswordCapPipe.name, () => {
  const setup = () => ({ sut: new PasswordCapPipe(['password', 'new_password']) });

  it('passes 1024 bytes of UTF-8 and refuses 1025 as the policy rule too_long', () => {
    const { sut } = setup();
    const atCap = `Aa1!${'é'.repeat(510)}`;
    expect(sut.transform({ password: atCap })).toEqual({ password: atCap });
    try {
      sut.transform({ new_password: `${atCap}x` });
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(GatewayError);
      expect(err).toMatchObject({ code: 'PASSWORD_POLICY', violations: [{ rule: 'too_long' }] });
      expect((err as GatewayError).detail).not.toContain('é');
    }
  });

  it('measures bytes, not characters: 400 emoji are 1600 bytes', () => {
    expect(() => setup().sut.transform({ password: '🔐'.repeat(400) })).toThrow(GatewayError);
  });

  it('leaves other shapes to the schema', () => {
    const { sut } = setup();
    for (const value of [undefined, null, 'text', [1], { password: 42 }, { other: 'x'.repeat(5000) }]) expect(sut.transform(value)).toBe(value);
  });
});
