/**
 * The secret catalogue as Markdown, for docs/secrets.md (a spec keeps the two equal):
 *   node -r ./tools/runtime/register-paths.js dist/tools/secrets/secret-table.js
 */
import { SECRET_CATALOGUE, storeNamesFor } from '@tr4ction/secrets';

export function renderSecretTable(): string {
  const rows = SECRET_CATALOGUE.map((secret) => {
    const names = storeNamesFor(secret.key);
    const stores = `env \`${names.env}\`; file \`${names.file}\`; Secrets Manager \`${names.awsSecretsManager}\`; SSM \`${names.awsSsm}\``;
    return `| \`${secret.key}\` | ${secret.purpose} | ${secret.readBy} | ${secret.requiredInProduction} | ${stores} | ${secret.rotation} |`;
  });
  return [
    '| secret | what it is | read by | required in production | name in each store (default prefix `tr4ction/`) | rotation |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (require.main === module) console.log(renderSecretTable());
