/**
 * Reads OAuth parameters and client credentials from a token, introspection or revocation request:
 * the body may be form-encoded or JSON (both arrive as an object); the client authenticates with
 * HTTP Basic (client_secret_basic, id and secret form-encoded then base64, RFC 6749 2.3.1) or in the
 * body (client_secret_post), never both (RFC 6749 2.3). A repeated parameter is refused (3.2).
 */
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '../http/problem';

export type OAuthParams = Record<string, unknown>;

const PRINTABLE = /^[\x20-\x7e]*$/;
const MAX_PARAM = 4096;

export function oauthParams(body: unknown): OAuthParams {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GatewayError('VALIDATION_FAILED', 'The body must be form-encoded parameters or a JSON object');
  return body as OAuthParams;
}

/** One parameter as a string, or undefined; a repeated, non-string, over-long or unprintable one is refused. */
export function param(params: OAuthParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new GatewayError('VALIDATION_FAILED', `${name} must be given once, as a string`);
  if (value.length > MAX_PARAM || !PRINTABLE.test(value)) throw new GatewayError('VALIDATION_FAILED', `${name} is malformed`);
  return value;
}

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

export function clientCredentials(req: FastifyRequest, params: OAuthParams): ClientCredentials {
  const header = req.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  const inBody = param(params, 'client_secret');
  if (basic) {
    if (inBody !== undefined) throw new GatewayError('VALIDATION_FAILED', 'Authenticate the client one way only: HTTP Basic or the body');
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new GatewayError('INVALID_CREDENTIALS', 'Invalid client credentials');
    const id = formDecode(decoded.slice(0, colon));
    const bodyId = param(params, 'client_id');
    if (bodyId !== undefined && bodyId !== id) throw new GatewayError('VALIDATION_FAILED', 'client_id differs from the authenticated client');
    return { client_id: id, client_secret: formDecode(decoded.slice(colon + 1)), method: 'client_secret_basic' };
  }
  const id = param(params, 'client_id');
  if (id === undefined || inBody === undefined)
    throw new GatewayError('INVALID_CREDENTIALS', 'Client authentication is required (HTTP Basic or client_id and client_secret)');
  return { client_id: id, client_secret: inBody, method: 'client_secret_post' };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new GatewayError('INVALID_CREDENTIALS', 'Invalid client credentials');
  }
}
