/**
 * What each gateway operation promises, declared on its handler: a stable operationId, the success
 * answers (a schema of response-schemas.ts) and the problem codes particular to it. The codes every
 * operation of a kind can answer (a protected route's 401/403, a body's 400/413/415, ...) are not
 * repeated here: completeOpenApi adds them by the rules written in docs/api.md.
 *
 * operationId rule: `<area>.<resource>...<action>` from the path's literal segments, camelCased
 * (`/.well-known/*` is `discovery`), with action list|get|create|update|delete or the verb the
 * path ends with (`admin.users.roles.update`, `auth.mfa.totp.confirm`). Ids are written out, not
 * derived, so renaming a handler never changes the contract; a spec holds them to the pattern.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '@tr4ction/contracts';
import type { RESPONSE_SCHEMAS } from './response-schemas';

export const CONTRACT_EXTENSION = 'x-tr4ction-contract';
export const AUTH_EXTENSION = 'x-tr4ction-auth';

export interface SuccessAnswer {
  status: number;
  description: string;
  /** A component schema; absent for a bodiless answer (204) or a non-JSON one (see `contentType`). */
  schema?: keyof typeof RESPONSE_SCHEMAS;
  /** A body that is not JSON (a file, Prometheus text): its media types. */
  contentTypes?: string[];
  /** Response headers worth a client's attention (ETag), by name: what each means. */
  headers?: Record<string, string>;
}

export interface OperationContract {
  id: string;
  summary: string;
  success: SuccessAnswer | SuccessAnswer[];
  /** Codes this operation answers beyond those its kind implies (see completeOpenApi). */
  problems?: ErrorCode[];
  /** Answered by the gateway alone: no service is asked, so no 503 from one. */
  gatewayOnly?: boolean;
  /** The OAuth endpoints: problems carry RFC 6749 `error` / `error_description` too. */
  oauth?: boolean;
  /** The same handler routed at a second path: that path's operationId. */
  aliasIds?: Record<string, string>;
}

/** Read by completeOpenApi, then removed from the document. */
export interface ContractExtension {
  problems: ErrorCode[];
  gatewayOnly: boolean;
  oauth: boolean;
  aliasIds: Record<string, string>;
}

/** Read by completeOpenApi from a protected route (Authenticated), then removed. */
export interface AuthExtension {
  roles: boolean;
  allowPasswordChangeScope: boolean;
  allowMfaEnrollScope: boolean;
}

export function ApiContract(contract: OperationContract): MethodDecorator {
  const answers = Array.isArray(contract.success) ? contract.success : [contract.success];
  const types = answers.flatMap((a) => a.contentTypes ?? []);
  return applyDecorators(
    ApiOperation({ operationId: contract.id, summary: contract.summary }),
    ...answers.map((a) =>
      ApiResponse({
        status: a.status,
        description: a.description,
        ...(a.schema ? { schema: { $ref: `#/components/schemas/${a.schema}` } } : {}),
        ...(a.headers
          ? { headers: Object.fromEntries(Object.entries(a.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
          : {}),
        ...(a.contentTypes && !a.schema ? { content: Object.fromEntries(a.contentTypes.map((t) => [t, { schema: { type: 'string' } }])) } : {}),
      }),
    ),
    ...(types.length ? [ApiProduces(...types)] : []),
    ApiExtension(CONTRACT_EXTENSION, {
      problems: contract.problems ?? [],
      gatewayOnly: contract.gatewayOnly ?? false,
      oauth: contract.oauth ?? false,
      aliasIds: contract.aliasIds ?? {},
    } satisfies ContractExtension),
  );
}
