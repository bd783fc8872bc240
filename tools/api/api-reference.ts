/**
 * docs/api.md: the readable reference of the HTTP API, rendered from the OpenAPI document so the two
 * cannot disagree. One table row per operation; the rules that add problem codes to every operation
 * of a kind are stated once above the table.
 */
import type { OpenApiDocument } from './gateway-openapi';

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

interface Operation {
  operationId: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string; properties?: { code?: { enum?: string[] } } } }> }>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function scopeOf(op: Operation): string {
  const requirement = op.security?.[0];
  if (!requirement) return 'public';
  const scopes = Object.values(requirement).flat();
  return scopes.length ? scopes.map((s) => `\`${s}\``).join(', ') : 'a user’s token';
}

function successOf(op: Operation): string {
  return Object.entries(op.responses)
    .filter(([status]) => Number(status) < 400 || !Object.keys(op.responses[status]?.content ?? {}).includes('application/problem+json'))
    .map(([status, r]) => {
      const ref = Object.values(r.content ?? {})[0]?.schema?.$ref;
      return ref ? `${status} \`${ref.split('/').pop()}\`` : status;
    })
    .join(', ');
}

function problemsOf(op: Operation): string {
  return Object.entries(op.responses)
    .filter(([, r]) => r.content?.['application/problem+json'])
    .map(([status, r]) => `${status}: ${(r.content?.['application/problem+json']?.schema?.properties?.code?.enum ?? []).join(', ')}`)
    .join('<br>');
}

export function renderApiReference(doc: OpenApiDocument): string {
  const rows = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m] as unknown as Operation;
      return `| ${m.toUpperCase()} | \`${path}\` | \`${op.operationId}\` | ${scopeOf(op)} | ${successOf(op)} | ${problemsOf(op)} |`;
    }),
  );
  const summaries = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m] as unknown as Operation;
      return `- \`${op.operationId}\` (${m.toUpperCase()} \`${path}\`): ${cell(op.summary ?? '')}`;
    }),
  );
  return [
    '# HTTP API reference',
    '',
    '<!-- Generated from docs/api/openapi.json by tools/api/write-openapi.ts: do not edit by hand. `npm test` fails when it drifts. -->',
    '',
    `${doc.info.title} ${doc.info.version}, OpenAPI ${doc.openapi}. The machine-readable contract is [api/openapi.json](api/openapi.json)`,
    '(also served at `/docs-json`, with Swagger UI at `/docs`, outside production). Regenerate both after a change to a route:',
    '`npm run build && node -r ./tools/runtime/register-paths.js dist/tools/api/write-openapi.js`.',
    '',
    '## Conventions',
    '',
    '- **Errors**: every error is RFC 9457 problem JSON (`application/problem+json`, schema `Problem`): `type`, `title`, `status`,',
    '  `detail`, `code` (schema `ErrorCode`), `request_id`, and `violations: [{rule, message}]` for `PASSWORD_POLICY`.',
    '  Never a stack trace, SQL text, secret, hash or token. The OAuth endpoints add RFC 6749 `error` and `error_description` (schema `OAuthProblem`).',
    '  `429` and `503` answers carry `Retry-After`.',
    '- **Security**: a protected operation needs a bearer access token (the `oauth2` scheme) with the scope named below;',
    '  “a user’s token” means any user’s token and no service account’s. Public operations have `security: []`.',
    '- **operationId**: `<area>.<resource>...<action>`, from the path’s literal segments, camelCased (`/.well-known/*` is',
    '  `discovery`); the action is `list`, `get`, `create`, `update`, `delete` or the verb the path ends with. Ids are stable: a',
    '  generated client names its methods after them.',
    '- **Problem codes an operation answers by its kind**, besides those particular to it (all listed in the table):',
    '  every operation 400 `BAD_REQUEST` (malformed `Idempotency-Key`) and 500 `INTERNAL`; one that asks a service 503',
    '  `SERVICE_UNAVAILABLE`, `DEPENDENCY_UNAVAILABLE`; one with a body 400 `VALIDATION_FAILED`, `MALFORMED_JSON`, 413 `PAYLOAD_TOO_LARGE`,',
    '  415 `UNSUPPORTED_MEDIA_TYPE`; one with parameters 400 `VALIDATION_FAILED`; one under `/auth/` or `/oauth/` 429 `RATE_LIMITED`;',
    '  a protected one 401 `UNAUTHENTICATED`, `INVALID_TOKEN`, 403 `INSUFFICIENT_SCOPE`, 503 `SERVICE_UNAVAILABLE`, and unless a',
    '  restricted token may call it 403 `PASSWORD_CHANGE_REQUIRED`, `MFA_ENROLLMENT_REQUIRED`; one limited to roles 403 `FORBIDDEN`.',
    '',
    '## Operations',
    '',
    '| method | path | operationId | scope | success | problem codes |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## What each operation does',
    '',
    ...summaries,
    '',
  ].join('\n');
}
