import { storableJson, storableText } from './storable-json.util';

describe('storableJson', () => {
  it('replaces NUL and lone surrogates, keeps valid pairs and everything else', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(storableText('emoji \uD83D\uDE00 ok')).toBe('emoji \uD83D\uDE00 ok');
    expect(storableText('plain')).toBe('plain');
  });

  it('walks objects and arrays, member names included, without touching the input', () => {
    const input = { 'k\u0000': ['\uDFFF', 1, null, true, { deep: '\u0000' }] };
    const out = storableJson(input);
    expect(out).toEqual({ 'k\uFFFD': ['\uFFFD', 1, null, true, { deep: '\uFFFD' }] });
    expect(input['k\u0000'][0]).toBe('\uDFFF');
  });

  it('keeps a "__proto__" member as a member', () => {
    const out = storableJson(JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
