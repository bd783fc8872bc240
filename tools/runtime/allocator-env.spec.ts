/**
 * The allocator settings live in one file read by `npm start`, the test stacks and the bench; the
 * image cannot read it, so its `ENV` must say the same (docs/deploy.md, "Memory").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const settings = JSON.parse(readFileSync(join(ROOT, 'tools', 'runtime', 'allocator-env.json'), 'utf8')) as Record<string, string>;

describe('allocator settings', () => {
  it('are glibc variables with values', () => {
    expect(Object.keys(settings).sort()).toEqual(['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']);
    for (const value of Object.values(settings)) expect(value).toMatch(/^\d+$/);
  });

  it('are set the same way in the image', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    for (const [name, value] of Object.entries(settings)) expect(runtime).toMatch(new RegExp(`\\b${name}=${value}\\b`));
  });
});
