/**
 * Lints the OpenAPI document with Redocly's recommended rules (@redocly/openapi-core), the same
 * structural and semantic checks `redocly lint` runs. Returns one line per problem of severity error.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';

export async function lintOpenApi(json: string): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: json, absoluteRef: 'openapi.json', config });
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
}
