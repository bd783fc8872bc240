import { generateSecret } from './secret-generator';

describe(generateSecret.name, () => {
  it('prints N bytes as hex (2N characters) or padded base64, like openssl rand', () => {
    expect(generateSecret('hex', 32)).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret('base64', 32)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(generateSecret('base64', 32), 'base64')).toHaveLength(32);
  });

  it('draws from the given source and differs on every call', () => {
    expect(generateSecret('hex', 2, () => Buffer.from([0xab, 0x01]))).toBe('ab01');
    expect(generateSecret('hex', 16)).not.toBe(generateSecret('hex', 16));
  });

  it('refuses sizes outside 1..1024 bytes', () => {
    expect(() => generateSecret('hex', 0)).toThrow(RangeError);
    expect(() => generateSecret('hex', 1025)).toThrow(RangeError);
    expect(() => generateSecret('hex', 1.5)).toThrow(RangeError);
  });
});
