import { envFileFinding, isEnvFile } from './env-file.detector';

describe(isEnvFile.name, () => {
  it('knows environment files from their templates', () => {
    for (const f of ['.env', 'backend/.env', '.env.production', '.env.local', 'deploy/prod.env']) expect(isEnvFile(f)).toBe(true);
    for (const f of ['.env.example', 'backend/.env.sample', '.env.template', '.env.dist', '.envrc', 'env.ts', 'environment.md'])
      expect(isEnvFile(f)).toBe(false);
  });
});

describe(envFileFinding.name, () => {
  const lines = (text: string) => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));

  it('reports one finding at the first assignment with a value, naming keys only', () => {
    const finding = envFileFinding('.env', lines('# secrets\nEMPTY=\nexport JWT_SECRET_KEY=abc123abc123\nDATABASE_PASSWORD=hunter2\n'));
    expect(finding).toMatchObject({ rule: 'env-file', file: '.env', line: 3, preview: 'JWT_SECRET_KEY=…' });
    expect(finding?.description).toBe('environment file committed (2 values: JWT_SECRET_KEY, DATABASE_PASSWORD)');
    expect(JSON.stringify(finding)).not.toMatch(/abc123|hunter2/);
  });

  it('says nothing about a file with no values', () => {
    expect(envFileFinding('.env', lines('# fill in\nJWT_SECRET_KEY=\nX=""\n'))).toBeUndefined();
  });
});
