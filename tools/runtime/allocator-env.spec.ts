/**
 * The memory settings (glibc's allocator, V8's young generation) live in one file read by `npm start`,
 * the test stacks and the bench; the image cannot read it, so its `ENV` must say the same
 * (docs/deploy.md, "Memory").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ARGON2_PARAMS } from '@tr4ction/security';

const ROOT = join(__dirname, '..', '..');
const settings = JSON.parse(readFileSync(join(ROOT, 'tools', 'runtime', 'allocator-env.json'), 'utf8')) as Record<string, string>;

describe('allocator settings', () => {
  it('are glibc variables with values, and one V8 flag', () => {
    expect(Object.keys(settings).sort()).toEqual(['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'NODE_OPTIONS']);
    for (const [name, value] of Object.entries(settings)) expect(value).toMatch(name === 'NODE_OPTIONS' ? /^--max-semi-space-size=\d+$/ : /^\d+$/);
  });

  it('keep argon2id’s working memory on the heap: a block mapped per hash costs a page fault per 4 KiB', () => {
    const argon2BlockBytes = DEFAULT_ARGON2_PARAMS.memoryCost * 1024;
    expect(Number(settings.MALLOC_MMAP_THRESHOLD_)).toBeGreaterThan(argon2BlockBytes);
    // Two hashes freed together must not be trimmed back to the system between logins.
    expect(Number(settings.MALLOC_TRIM_THRESHOLD_)).toBeGreaterThan(2 * argon2BlockBytes);
  });

  it('are set the same way in the image', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    for (const [name, value] of Object.entries(settings)) expect(runtime).toContain(`${name}=${JSON.stringify(value)}`);
  });
});
