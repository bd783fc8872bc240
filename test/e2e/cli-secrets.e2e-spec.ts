/**
 * `tr4ction secrets scan` on scratch git repositories, through the built CLI: each kind of secret
 * planted, committed and found (tree and history), never printed whole; silent on a clean one.
 * Also `secrets generate` and the `npx tr4ction` entry script. No stack needed.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, runCli } from '../support/cli';

interface ScanReport {
  ok: boolean;
  mode: 'tree' | 'history';
  findings: Array<{ rule: string; file: string; line: number; preview: string; commit?: string }>;
}

const join_ = (...parts: string[]) => parts.join('');

/** Every value planted, assembled at run time so this spec holds none of them literally. */
function plantedSecrets() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const openssh = [join_('-----BEGIN ', 'OPENSSH PRIVATE KEY-----'), randomBytes(48).toString('base64'), join_('-----END ', 'OPENSSH PRIVATE KEY-----')].join(
    '\n',
  );
  return {
    jwtSecret: randomBytes(32).toString('hex'),
    dbPassword: randomBytes(24).toString('base64'),
    awsKeyId: join_('AKIA', 'Q3EGRT7XWVZ5', 'PL2M'),
    awsSecret: join_('wJalrXUtnFEMIK7', 'MDENGbPxRfiCY', 'zQ9x8Y4v2B1a'),
    apiToken: join_('q8Zr3LwT0vXy5', 'Bn2Kd7Fh9Jm4P', 'c6Sg1AeR7Yt2'),
    rsa,
    ed,
    openssh,
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

describe('tr4ction secrets (e2e, built CLI)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tr4ction-scan-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  describe('a repository with planted secrets', () => {
    const repo = join(scratch, 'leaky');
    const s = plantedSecrets();
    let plantedCommit: string;

    beforeAll(() => {
      mkdirSync(repo);
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'backend/.env', `ENVIRONMENT=production\nDATABASE_PASSWORD=${s.dbPassword}\n`);
      write(repo, 'keys/id_rsa', s.rsa);
      write(repo, 'keys/signing.pem', s.ed);
      write(repo, 'keys/deploy_ed25519', s.openssh);
      write(repo, 'config/settings.py', `import os\nDEBUG = False\nJWT_SECRET = "${s.jwtSecret}"\n`);
      write(repo, 'deploy/aws.ini', `[default]\naws_access_key_id = ${s.awsKeyId}\naws_secret_access_key = ${s.awsSecret}\n`);
      write(repo, 'src/client.ts', `export const client = {\n  baseUrl: 'https://api.example.com',\n  apiToken: "${s.apiToken}",\n};\n`);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'add config');
      plantedCommit = git(repo, 'rev-parse', 'HEAD');
    });

    it('finds each kind in the tree, with file and line, exit 1, and never prints a value whole', async () => {
      const res = await runCli(['--json', 'secrets', 'scan', repo]);
      expect(res.code).toBe(1);
      const report = res.json<ScanReport>();
      const where = report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
      expect(where).toEqual(
        expect.arrayContaining([
          'env-file backend/.env:1',
          'private-key keys/id_rsa:1',
          'private-key keys/signing.pem:1',
          'private-key keys/deploy_ed25519:1',
          'jwt-secret config/settings.py:3',
          'aws-access-key deploy/aws.ini:2',
          'aws-secret-key deploy/aws.ini:3',
          'high-entropy src/client.ts:3',
        ]),
      );
      // One finding per key, not one per line of its body.
      expect(report.findings.filter((f) => f.file === 'keys/id_rsa')).toHaveLength(1);
      const human = await runCli(['secrets', 'scan', repo]);
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(/^deploy\/aws\.ini:2:\d+ {2}aws-access-key/m);
      for (const value of [s.jwtSecret, s.dbPassword, s.awsKeyId, s.awsSecret, s.apiToken, s.rsa.split('\n')[1], s.ed.split('\n')[1]]) {
        expect(res.stdout + res.stderr + human.stdout + human.stderr).not.toContain(value);
      }
    });

    it('still finds them in history after they are removed from the tree, naming the commit', async () => {
      git(repo, 'rm', '-q', '-r', 'backend', 'keys', 'config', 'deploy', 'src');
      write(repo, 'README.md', '# fixed\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'remove secrets');

      const tree = await runCli(['secrets', 'scan', repo]);
      expect(tree.code).toBe(0);
      expect(tree.stdout).toContain('no secrets found');

      const res = await runCli(['--json', 'secrets', 'scan', repo, '--history']);
      expect(res.code).toBe(1);
      const report = res.json<ScanReport & { scanned_commits: number }>();
      expect(report.scanned_commits).toBe(2);
      expect(new Set(report.findings.map((f) => f.rule))).toEqual(
        new Set(['env-file', 'private-key', 'jwt-secret', 'aws-access-key', 'aws-secret-key', 'high-entropy']),
      );
      expect(report.findings.every((f) => f.commit === plantedCommit)).toBe(true);
      expect(report.findings.find((f) => f.rule === 'jwt-secret')).toMatchObject({ file: 'config/settings.py', line: 3 });
      expect(res.stdout).not.toContain(s.jwtSecret);
      const human = await runCli(['secrets', 'scan', repo, '--history']);
      expect(human.stdout).toContain(`${plantedCommit.slice(0, 12)} config/settings.py:3:`);
    });

    it('skips paths given with --exclude', async () => {
      const res = await runCli([
        '--json',
        'secrets',
        'scan',
        repo,
        '--history',
        '--exclude',
        'keys',
        '--exclude',
        '*.ini',
        '--exclude',
        '.env',
        '--exclude',
        'config/**',
        '--exclude',
        'src/*.ts',
      ]);
      expect(res.code).toBe(0);
      expect(res.json<ScanReport>().findings).toEqual([]);
    });
  });

  describe('a clean repository', () => {
    const repo = join(scratch, 'clean');

    beforeAll(() => {
      mkdirSync(repo);
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'README.md', '# service\n\nSet `JWT_SECRET_KEY` with `tr4ction secrets generate --hex 32`.\n');
      write(repo, '.env.example', 'JWT_SECRET_KEY=\nDATABASE_URL=postgres://postgres@127.0.0.1:5432/app\n');
      write(repo, '.gitignore', '.env\n');
      write(
        repo,
        'src/config.ts',
        "export const jwtSecretKey = process.env.JWT_SECRET_KEY;\nexport const requestId = '0f8fad5b-d9cb-469f-a165-70867728950e';\nexport class EventSourcingTables1764300000000 {}\n",
      );
      write(
        repo,
        'package-lock.json',
        '{"packages":{"node_modules/x":{"integrity":"sha512-H+y0Jo/T1RZ9qPP4Eh1pkcQcLRglraJaSLoyOtHxu6AapkjWVCy2Sit1QQ4x3Dng8qDlSsZEet7g5Pq06MvTgw=="}}}\n',
      );
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'initial');
      // Where secrets belong: an ignored .env that git would never commit.
      write(repo, '.env', `JWT_SECRET_KEY=${randomBytes(32).toString('hex')}\n`);
    });

    it('is silent on the tree and on its history (exit 0)', async () => {
      const tree = await runCli(['secrets', 'scan', repo]);
      expect(tree.code).toBe(0);
      expect(tree.stdout).toMatch(/^no secrets found \(\d+ files scanned\)\n$/);
      const history = await runCli(['--json', 'secrets', 'scan', repo, '--history']);
      expect(history.code).toBe(0);
      expect(history.json<ScanReport>()).toMatchObject({ ok: true, findings: [] });
    });

    it('reports the git-ignored .env only when asked to scan every file', async () => {
      const res = await runCli(['--json', 'secrets', 'scan', repo, '--all-files']);
      expect(res.code).toBe(1);
      expect(res.json<ScanReport>().findings.map((f) => f.rule)).toEqual(['env-file', 'jwt-secret']);
    });

    it('exits 2 on a path that does not exist', async () => {
      const res = await runCli(['secrets', 'scan', join(repo, 'nope')]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('no such file or folder');
    });
  });

  it('generates secrets like openssl rand', async () => {
    const hex = await runCli(['secrets', 'generate', '--hex', '32']);
    expect(hex.code).toBe(0);
    expect(hex.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const b64 = await runCli(['secrets', 'generate', '--base64', '32']);
    expect(Buffer.from(b64.stdout.trim(), 'base64')).toHaveLength(32);
  });

  it('runs through the npm bin script, and says how to build when dist/ is missing', async () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'tr4ction.js'), '--version'], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const fake = join(scratch, 'unbuilt');
    mkdirSync(join(fake, 'apps', 'cli', 'bin'), { recursive: true });
    copyFileSync(join(ROOT, 'apps', 'cli', 'bin', 'tr4ction.js'), join(fake, 'apps', 'cli', 'bin', 'tr4ction.js'));
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(fake, 'apps', 'cli', 'bin', 'tr4ction.js'), '--help'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(status).toBe(69);
    expect(stderr).toContain('npm run build');
  });
});
