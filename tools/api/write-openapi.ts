/**
 * Writes the HTTP contract from the gateway's code: docs/api/openapi.json, docs/api.md and the
 * client types libs/http-api/src/openapi.d.ts (openapi-typescript). With `--check` it writes
 * nothing and fails when a committed file differs from what the code gives, or when the document
 * has a lint error: the `api-contract` stage of `npm test` runs it that way.
 *   npm run build && node -r ./tools/runtime/register-paths.js dist/tools/api/write-openapi.js [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { renderApiReference } from './api-reference';
import { buildGatewayOpenApi } from './gateway-openapi';
import { lintOpenApi } from './lint-openapi';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGENERATE = 'npm run build && node -r ./tools/runtime/register-paths.js dist/tools/api/write-openapi.js';

async function generated(): Promise<{ json: string; files: Record<string, string> }> {
  const doc = await buildGatewayOpenApi();
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const types = astToString(await openapiTS(JSON.parse(json) as never, { exportType: true }));
  return {
    json,
    files: {
      'docs/api/openapi.json': json,
      'docs/api.md': renderApiReference(doc),
      'libs/http-api/src/openapi.d.ts': types,
    },
  };
}

function read(file: string): string | undefined {
  try {
    return readFileSync(path.join(ROOT, file), 'utf8');
  } catch {
    return undefined;
  }
}

async function main(check: boolean): Promise<number> {
  const { json, files } = await generated();
  const lintErrors = await lintOpenApi(json);
  for (const line of lintErrors) process.stderr.write(`openapi lint: ${line}\n`);
  if (!check) {
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(ROOT, file), text);
    process.stdout.write(`wrote ${Object.keys(files).join(', ')}\n`);
    return lintErrors.length ? 1 : 0;
  }
  const stale = Object.entries(files)
    .filter(([file, text]) => read(file) !== text)
    .map(([file]) => file);
  for (const file of stale) process.stderr.write(`${file} differs from what the code gives: run \`${REGENERATE}\` and commit the result\n`);
  if (!stale.length && !lintErrors.length) process.stdout.write(`the HTTP contract matches the code (${Object.keys(files).length} files) and lints clean\n`);
  return stale.length || lintErrors.length ? 1 : 0;
}

main(process.argv.includes('--check')).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`write-openapi failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
