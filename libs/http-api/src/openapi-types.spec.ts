/**
 * The generated client types give every answer a concrete type: a newcomer who generates a client
 * from the document gets no `unknown` body, success or problem. The only `unknown`s allowed are
 * index signatures: response headers beyond those named, and the free-form JSON objects the contract
 * leaves open on purpose (audit `data`, history `changes`, WebAuthn options, readiness checks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const GENERATED = readFileSync(join(__dirname, 'openapi.d.ts'), 'utf8');

describe('generated HTTP API types', () => {
  it('type every request and response body concretely', () => {
    const bareUnknowns = GENERATED.split('\n').filter((line) => /:\s*unknown\b/.test(line) && !/^\s*\[(name|key): string\]: unknown;$/.test(line));
    expect(bareUnknowns).toEqual([]);
  });

  it('keep the free-form objects to the few the contract means', () => {
    expect(GENERATED.match(/\[key: string\]: unknown;/g)).toHaveLength(5);
  });

  it('type each problem answer by its codes', () => {
    const problemBodies =
      GENERATED.match(
        /"application\/problem\+json": \{\s*\/\*\* @enum \{string\} \*\/\s*code: "[A-Z_]+"( \| "[A-Z_]+")*;\s*\} & (WithRequired<components\["schemas"\]\["Problem"\], "code">|components\["schemas"\]\["OAuthProblem"\]);/g,
      ) ?? [];
    expect(problemBodies.length).toBe(GENERATED.match(/"application\/problem\+json":/g)?.length);
    expect(problemBodies.length).toBeGreaterThan(100);
    expect(GENERATED).not.toMatch(/"application\/(problem\+)?json": unknown/);
  });
});
