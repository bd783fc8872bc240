import { shannonEntropy } from './entropy';
import { maskSecret } from './secret-mask';

describe(shannonEntropy.name, () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });

  it('ranks random base64 above prose and identifiers', () => {
    const random = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 97 + 13) % 256)).toString('base64');
    expect(shannonEntropy(random)).toBeGreaterThan(4.5);
    expect(shannonEntropy('correcthorsebatterystaple')).toBeLessThan(4);
    expect(shannonEntropy('passwordChangeRequired')).toBeLessThan(4);
  });
});

describe(maskSecret.name, () => {
  it('never shows a value whole: four characters of a long one, only the length of a short one', () => {
    expect(maskSecret(['AKIA', 'Q3EGRT7XWVZ5PL2M'].join(''))).toBe('AKIA…(20 chars)');
    expect(maskSecret('hunter2hunter2')).toBe('…(14 chars)');
  });
});
