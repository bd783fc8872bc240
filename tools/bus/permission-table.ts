/**
 * The bus permission table as Markdown, for docs/security.md (a spec keeps the two equal):
 *   node -r ./tools/runtime/register-paths.js dist/tools/bus/permission-table.js
 */
import { BUS_IDENTITIES, BUS_PERMISSIONS, inboxPrefixFor } from '@tr4ction/contracts';

const code = (subjects: string[]): string => subjects.map((s) => `\`${s}\``).join(' ');

export function renderPermissionTable(): string {
  const rows = BUS_IDENTITIES.map((id) => {
    const p = BUS_PERMISSIONS[id];
    return `| ${id} | ${code(p.publish) || '-'} | ${code(p.subscribe)} | ${code(p.serves) || '-'} | \`${inboxPrefixFor(id)}\` |`;
  });
  return [
    '| identity | main login may publish | main login may subscribe | answers requests on (responder login, `allow_responses`) | inbox prefix |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (require.main === module) console.log(renderPermissionTable());
