import { ConfigError, defineSchema, describeConfig, parseConfig } from './config-schema';

const schema = defineSchema({
  PORT: { kind: 'int', default: 8000, min: 1, max: 65535, description: 'port' },
  SECRET: { kind: 'string', required: true, sensitive: true, minLength: 8, description: 'a secret' },
  MODE: { kind: 'enum', values: ['a', 'b'] as const, default: 'a', description: 'mode' },
  FLAG: { kind: 'bool', default: false, description: 'flag' },
  LIST: { kind: 'list', default: [], description: 'list' },
});

describe(parseConfig.name, () => {
  it('applies defaults and parses types', () => {
    const c = parseConfig(schema, { SECRET: 'abcdefgh', FLAG: 'yes', LIST: 'x, y,,z' });
    expect(c).toEqual({ PORT: 8000, SECRET: 'abcdefgh', MODE: 'a', FLAG: true, LIST: ['x', 'y', 'z'] });
  });

  it('lists every bad key at once and never a value', () => {
    const sentinel = 'sh0rt';
    let error: unknown;
    try {
      parseConfig(schema, { PORT: 'eighty', SECRET: sentinel, MODE: 'c', FLAG: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/PORT.*SECRET.*MODE.*FLAG/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(sentinel);
  });

  it('reports a missing required key', () => {
    expect(() => parseConfig(schema, {})).toThrow(/SECRET is required/);
  });

  it('masks sensitive values when describing the configuration', () => {
    const c = parseConfig(schema, { SECRET: 'abcdefgh' });
    expect(describeConfig(schema, c)).toMatchObject({ SECRET: '[set]', PORT: 8000 });
  });
});
