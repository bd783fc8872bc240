import { parseEnvFile } from './env-file';

describe(parseEnvFile.name, () => {
  it('reads assignments, exports, comments and both quote styles, and executes nothing', () => {
    const { values, problems } = parseEnvFile(
      [
        '# production',
        'export ENVIRONMENT=production',
        'CORS_ORIGINS = https://a.example, https://b.example # two',
        "SINGLE='$(rm -rf /) stays text'",
        'DOUBLE="line\\nbreak \\"quoted\\""',
        'URL=https://x.example/#frag',
        'EMPTY=',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({
      ENVIRONMENT: 'production',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      SINGLE: '$(rm -rf /) stays text',
      DOUBLE: 'line\nbreak "quoted"',
      URL: 'https://x.example/#frag',
      EMPTY: '',
    });
  });

  it('names the line of each problem, never its content', () => {
    const { problems } = parseEnvFile('GOOD=1\nsk-live-abcdef\n1BAD=x\nOPEN="never closed\n');
    expect(problems).toEqual([
      { line: 2, message: 'expected KEY=value' },
      { line: 3, message: 'invalid variable name' },
      { line: 4, message: 'unterminated quote in the value of OPEN' },
    ]);
  });
});
