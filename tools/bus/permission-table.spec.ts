import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPermissionTable } from './permission-table';

describe('docs/security.md', () => {
  it('shows the permission table as it is in libs/contracts (regenerate: see the comment in permission-table.ts)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
    expect(doc).toContain(renderPermissionTable());
  });
});
