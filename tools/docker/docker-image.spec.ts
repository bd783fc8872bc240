// Static and behavioural checks of the image sources, since no Docker engine runs here:
// the Dockerfile's stages and user, what its ignore file lets into the build context, and what the
// entrypoint and healthcheck scripts do when run with plain sh and node against a fake tree.
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANAGEMENT_PORTS } from '@tr4ction/config';

const repoRoot = join(__dirname, '..', '..');
const dockerDir = join(repoRoot, 'docker');
const SERVICES = ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'] as const;

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function instructions(): Instruction[] {
  const text = readFileSync(join(dockerDir, 'Dockerfile'), 'utf8');
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** The instructions of each stage, keyed by stage name (or index when unnamed). */
function stages(): Map<string, Instruction[]> {
  const out = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const ins of instructions()) {
    if (ins.keyword === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(ins.args)?.[1] ?? String(out.size);
      current = [ins];
      out.set(name, current);
    } else {
      current?.push(ins);
    }
  }
  return out;
}

// --- a model of .dockerignore matching (moby/patternmatcher): a rule matches a path or any of its
// parent folders, `**` spans folders, `*` and `?` stay inside one, and the last matching rule wins.
interface IgnoreRule {
  negate: boolean;
  re: RegExp;
}

function compileIgnore(text: string): IgnoreRule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = (negate ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*' && pattern[i + 1] === '*') {
          i++;
          if (pattern[i + 1] === '/') {
            i++;
            re += '(?:.*/)?';
          } else {
            re += '.*';
          }
        } else if (c === '*') {
          re += '[^/]*';
        } else if (c === '?') {
          re += '[^/]';
        } else {
          re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
      }
      return { negate, re: new RegExp(`^${re}$`) };
    });
}

function isIgnored(rules: IgnoreRule[], path: string): boolean {
  const parts = path.split('/');
  const selfAndParents = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (selfAndParents.some((p) => rule.re.test(p))) ignored = !rule.negate;
  }
  return ignored;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(rel);
    return entry.isFile() ? [rel] : [];
  });
}

describe('docker/Dockerfile', () => {
  it('builds in three stages on Debian slim Node 22 (a supported LTS line), never Alpine (argon2 needs glibc)', () => {
    const s = stages();
    expect([...s.keys()]).toEqual(expect.arrayContaining(['deps', 'build', 'runtime']));
    expect([...s.keys()].pop()).toBe('runtime');
    const all = instructions();
    expect(all[0]).toEqual({ keyword: 'ARG', args: 'NODE_IMAGE=node:22-bookworm-slim' });
    for (const from of all.filter((i) => i.keyword === 'FROM')) {
      expect(from.args).toMatch(/^(\$\{NODE_IMAGE\}|deps|base)\s/);
    }
    expect(all.map((i) => i.args).join('\n')).not.toMatch(/alpine/i);
  });

  it('installs with npm ci, builds with npm run build, and ships production dependencies only', () => {
    const s = stages();
    const runs = (stage: string): string =>
      (s.get(stage) ?? [])
        .filter((i) => i.keyword === 'RUN')
        .map((i) => i.args)
        .join('\n');
    expect(runs('deps')).toMatch(/\bnpm ci\b/);
    expect(runs('build')).toMatch(/\bnpm run build\b/);
    expect(runs('runtime')).toMatch(/\bnpm ci --omit=dev\b/);
    const copies = (s.get('runtime') ?? []).filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContainEqual(expect.stringMatching(/^--from=build \/app\/dist \.\/dist$/));
    expect(copies).toContainEqual('tsconfig.base.json ./');
    expect(copies).toContainEqual('tools/runtime ./tools/runtime');
  });

  it('runs as a non-root user, picks the service with ARG SERVICE, and starts through the entrypoint', () => {
    const runtime = stages().get('runtime') ?? [];
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toContainEqual({ keyword: 'ARG', args: 'SERVICE=api-gateway' });
    expect(runtime).toContainEqual({ keyword: 'ENV', args: 'SERVICE=${SERVICE}' });
    expect(runtime.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["/app/docker/entrypoint.sh"]');
    expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('/app/docker/healthcheck.js');
  });

  it('declares ARG SERVICE after every shared step, so the five images share their layers', () => {
    const runtime = stages().get('runtime') ?? [];
    const argAt = runtime.findIndex((i) => i.keyword === 'ARG' && i.args.startsWith('SERVICE'));
    const lastCopy = runtime.map((i) => i.keyword).lastIndexOf('COPY');
    expect(argAt).toBeGreaterThan(lastCopy);
  });
});

describe('docker/Dockerfile.dockerignore', () => {
  const rules = compileIgnore(readFileSync(join(dockerDir, 'Dockerfile.dockerignore'), 'utf8'));

  it('lets in every local COPY source of the Dockerfile, and each exists', () => {
    const sources = instructions()
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((t) => !t.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect({ src, exists: existsSync(join(repoRoot, src)) }).toEqual({ src, exists: true });
      // For a folder, at least one file inside it must reach the context.
      const files = statSync(join(repoRoot, src)).isDirectory() ? filesUnder(src) : [src];
      const sent = files.filter((f) => !isIgnored(rules, f));
      expect({ src, sent: sent.length > 0 }).toEqual({ src, sent: true });
    }
  });

  it.each([
    'apps/api-gateway/src/main.ts',
    // npm run build builds the console too; the gateway image serves it at /console.
    'apps/console/src/app.tsx',
    'libs/config/src/index.ts',
    'tools/runtime/register-paths.js',
    'docker/entrypoint.sh',
    'package-lock.json',
  ])('sends %s', (path) => {
    expect(isIgnored(rules, path)).toBe(false);
  });

  it.each([
    'docker/secrets/jwt_secret_key.txt',
    'docker/compose.yml',
    '.env',
    'apps/api-gateway/.env.local',
    'node_modules/argon2/package.json',
    'libs/config/node_modules/x/index.js',
    'dist/apps/api-gateway/src/main.js',
    'apps/api-gateway/src/main.spec.ts',
    'test/e2e/login.e2e-spec.ts',
    '.git/HEAD',
  ])('keeps %s out of the build context', (path) => {
    expect(isIgnored(rules, path)).toBe(true);
  });
});

describe('docker/entrypoint.sh', () => {
  let root: string;

  beforeEach(() => {
    // A fake image tree: the real entrypoint, a stub register script and a main.js that reports.
    root = mkdtempSync(join(tmpdir(), 'tr4ction-entrypoint-'));
    mkdirSync(join(root, 'docker'));
    copyFileSync(join(dockerDir, 'entrypoint.sh'), join(root, 'docker', 'entrypoint.sh'));
    mkdirSync(join(root, 'tools', 'runtime'), { recursive: true });
    writeFileSync(join(root, 'tools', 'runtime', 'register-paths.js'), 'globalThis.__registered = true;\n');
    for (const svc of SERVICES) {
      mkdirSync(join(root, 'dist', 'apps', svc, 'src'), { recursive: true });
      writeFileSync(
        join(root, 'dist', 'apps', svc, 'src', 'main.js'),
        `process.stdout.write(JSON.stringify({ service: ${JSON.stringify(svc)}, args: process.argv.slice(2), registered: globalThis.__registered === true, cwd: process.cwd(), PGPASSWORD: process.env.PGPASSWORD ?? null, PGPASSWORD_FILE: process.env.PGPASSWORD_FILE ?? null }));\n`,
      );
    }
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function run(env: Record<string, string>, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
    const res = spawnSync('sh', [join(root, 'docker', 'entrypoint.sh'), ...args], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  it('lists exactly the five services, each an app of the workspace', () => {
    const script = readFileSync(join(dockerDir, 'entrypoint.sh'), 'utf8');
    const listed = /case "\$\{SERVICE:-\}" in\s*\n\s*([^)]+)\)/
      .exec(script)?.[1]
      .split('|')
      .map((s) => s.trim());
    expect(listed?.sort()).toEqual([...SERVICES].sort());
    for (const svc of SERVICES) expect(existsSync(join(repoRoot, 'apps', svc))).toBe(true);
  });

  it.each(SERVICES)('starts %s from the image root with the path aliases registered', (svc) => {
    const res = run({ SERVICE: svc });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const out = JSON.parse(res.stdout) as { service: string; registered: boolean; cwd: string; args: string[] };
    expect(out).toMatchObject({ service: svc, registered: true, args: [] });
    expect(realpathSync(out.cwd)).toBe(realpathSync(root));
  });

  it('passes arguments through, so `migrate` reaches the service', () => {
    const res = run({ SERVICE: 'user-service' }, ['migrate']);
    expect(JSON.parse(res.stdout)).toMatchObject({ service: 'user-service', args: ['migrate'] });
  });

  it('loads PGPASSWORD from PGPASSWORD_FILE without the trailing newline, and drops the _FILE variable', () => {
    writeFileSync(join(root, 'pw'), 'not-a-real-password\n');
    const res = run({ SERVICE: 'auth-service', PGPASSWORD_FILE: join(root, 'pw') });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ PGPASSWORD: 'not-a-real-password', PGPASSWORD_FILE: null });
  });

  it('refuses an unknown SERVICE', () => {
    const res = run({ SERVICE: 'nope' });
    expect(res.status).toBe(64);
    expect(res.stderr).toContain('SERVICE must be one of');
    expect(res.stdout).toBe('');
  });

  it('refuses both PGPASSWORD and PGPASSWORD_FILE, and a missing file, without printing a value', () => {
    writeFileSync(join(root, 'pw'), 'not-a-real-password');
    const both = run({ SERVICE: 'auth-service', PGPASSWORD: 'also-not-real', PGPASSWORD_FILE: join(root, 'pw') });
    expect(both.status).toBe(78);
    const missing = run({ SERVICE: 'auth-service', PGPASSWORD_FILE: join(root, 'absent') });
    expect(missing.status).toBe(78);
    for (const res of [both, missing]) {
      expect(res.stdout).toBe('');
      expect(res.stderr).not.toContain('not-a-real-password');
      expect(res.stderr).not.toContain('also-not-real');
    }
  });
});

describe('docker/healthcheck.js', () => {
  let server: Server;
  let port: number;
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health/ready' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // Asynchronous on purpose: the probe talks to a server in this process.
  function probe(env: Record<string, string>): Promise<number> {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, [join(dockerDir, 'healthcheck.js')], { env: { PATH: process.env.PATH ?? '', ...env } });
      child.on('exit', (code) => resolve(code ?? -1));
    });
  }

  it('is healthy when the management port answers /health/ready with 200, for any service', async () => {
    status = 200;
    await expect(probe({ SERVICE: 'api-gateway', MANAGEMENT_PORT: String(port) })).resolves.toBe(0);
    await expect(probe({ SERVICE: 'audit-service', MANAGEMENT_PORT: String(port) })).resolves.toBe(0);
  });

  it('is unhealthy when the process is not ready', async () => {
    status = 503;
    await expect(probe({ SERVICE: 'user-service', MANAGEMENT_PORT: String(port) })).resolves.toBe(1);
  });

  it('is unhealthy when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(probe({ SERVICE: 'api-gateway', MANAGEMENT_PORT: String(freePort) })).resolves.toBe(1);
  });

  it('is unhealthy when the management port is turned off, rather than claiming a health it never measured', async () => {
    await expect(probe({ SERVICE: 'audit-service', MANAGEMENT_PORT: '0' })).resolves.toBe(1);
  });

  it('uses the service default port when MANAGEMENT_PORT is unset (the defaults of libs/config)', () => {
    const script = readFileSync(join(dockerDir, 'healthcheck.js'), 'utf8');
    const defaults = JSON.parse(/DEFAULT_PORTS = (\{[^}]+\})/.exec(script)?.[1].replace(/'/g, '"') ?? '{}') as Record<string, number>;
    expect(defaults).toEqual(MANAGEMENT_PORTS);
  });
});
