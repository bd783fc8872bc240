import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditServiceSchema, authServiceSchema, cliSchema, gatewaySchema, rotationServiceSchema, userServiceSchema } from './service-schemas';

/** The README's configuration table is the operators' reference: every key must be in it. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const keys = new Set(
    [gatewaySchema, userServiceSchema, authServiceSchema, auditServiceSchema, rotationServiceSchema, cliSchema].flatMap((s) => Object.keys(s)),
  );

  it.each([...keys])('documents %s', (key) => {
    expect(readme).toContain(`| \`${key}\` |`);
  });
});
