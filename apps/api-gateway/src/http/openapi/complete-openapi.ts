/**
 * Turns the document Nest builds from the decorators into the contract: OpenAPI 3.1, every
 * operation with its problem answers (the codes its contract names plus those its kind implies),
 * `security: []` on public operations, and the shared components. The rules of "its kind" are the
 * gateway's own behaviour, listed in docs/api.md:
 * - every operation: 400 BAD_REQUEST (a malformed Idempotency-Key), 500 INTERNAL;
 * - one that asks a service: 503 SERVICE_UNAVAILABLE, DEPENDENCY_UNAVAILABLE;
 * - one with a body: 400 VALIDATION_FAILED, MALFORMED_JSON, 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE;
 * - one with path or query parameters: 400 VALIDATION_FAILED;
 * - one under /auth/ or /oauth/: 429 RATE_LIMITED (per client address);
 * - a protected one: 401 UNAUTHENTICATED, INVALID_TOKEN; 403 INSUFFICIENT_SCOPE; 503 SERVICE_UNAVAILABLE
 *   (token state loading); 403 PASSWORD_CHANGE_REQUIRED and MFA_ENROLLMENT_REQUIRED unless the route
 *   is one such a restricted token may call; 403 FORBIDDEN when roles are required.
 */
import type { ErrorCode } from '@tr4ction/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AUTH_EXTENSION, CONTRACT_EXTENSION, type AuthExtension, type ContractExtension } from './api-contract.decorator';
import { PROBLEM_SCHEMAS, problemExamples, problemResponses } from './problem-schemas';
import { RESPONSE_SCHEMAS } from './response-schemas';

export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

interface Operation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
  [extension: `x-${string}`]: unknown;
}

function impliedProblems(path: string, op: Operation, contract: ContractExtension, auth: AuthExtension | undefined): ErrorCode[] {
  const codes: ErrorCode[] = ['BAD_REQUEST', 'INTERNAL'];
  if (!contract.gatewayOnly) codes.push('SERVICE_UNAVAILABLE', 'DEPENDENCY_UNAVAILABLE');
  if (op.requestBody) codes.push('VALIDATION_FAILED', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if (op.parameters?.length) codes.push('VALIDATION_FAILED');
  if (path.startsWith('/auth/') || path.startsWith('/oauth/')) codes.push('RATE_LIMITED');
  if (auth) {
    codes.push('UNAUTHENTICATED', 'INVALID_TOKEN', 'INSUFFICIENT_SCOPE', 'SERVICE_UNAVAILABLE');
    if (!auth.allowPasswordChangeScope) codes.push('PASSWORD_CHANGE_REQUIRED');
    if (!auth.allowMfaEnrollScope) codes.push('MFA_ENROLLMENT_REQUIRED');
    if (auth.roles) codes.push('FORBIDDEN');
  }
  return codes;
}

export function completeOpenApi(doc: OpenAPIObject): OpenAPIObject {
  const used = { plain: new Set<ErrorCode>(), oauth: new Set<ErrorCode>() };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const contract = op[CONTRACT_EXTENSION] as ContractExtension | undefined;
      if (!contract) throw new Error(`${method.toUpperCase()} ${path} has no @ApiContract: every operation declares its contract`);
      const auth = op[AUTH_EXTENSION] as AuthExtension | undefined;
      op.operationId = contract.aliasIds[path] ?? op.operationId;
      const codes = new Set([...impliedProblems(path, op, contract, auth), ...contract.problems]);
      for (const code of codes) used[contract.oauth ? 'oauth' : 'plain'].add(code);
      const problems = problemResponses(codes, contract.oauth);
      const clash = Object.keys(problems).find((status) => status in op.responses);
      if (clash) throw new Error(`${method.toUpperCase()} ${path}: status ${clash} is declared as a success and implied as a problem`);
      op.responses = { ...op.responses, ...problems };
      op.security ??= [];
      delete op[CONTRACT_EXTENSION];
      delete op[AUTH_EXTENSION];
    }
  }
  doc.components = {
    ...doc.components,
    schemas: { ...PROBLEM_SCHEMAS, ...RESPONSE_SCHEMAS } as never,
    examples: problemExamples(used),
  };
  return doc;
}
