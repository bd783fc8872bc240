/**
 * The RPC catalogue, beside the event catalogue: for every request/reply pattern, the JSON Schema
 * of its request (TypeBox, so the TypeScript type is inferred from it) and the type of its reply.
 * `RpcClient.send` and `@RpcHandler` take both sides from here, and every receiving service checks
 * the request against its schema before the handler runs. Replies are typed only: our own code
 * produces them, while requests cross a trust boundary and must be checked at run time.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { AUDIT_RPC } from './catalogue/audit.rpc';
import { AUTH_RPC } from './catalogue/auth.rpc';
import { PLATFORM_RPC } from './catalogue/platform.rpc';
import { ROTATION_RPC } from './catalogue/rotation.rpc';
import { USER_RPC } from './catalogue/user.rpc';
import type { RpcEntry } from './catalogue/rpc-entry';

export const RPC_CATALOGUE = { ...PLATFORM_RPC, ...USER_RPC, ...AUTH_RPC, ...ROTATION_RPC, ...AUDIT_RPC } as const;

type Catalogue = typeof RPC_CATALOGUE;

/** Every pattern a service answers. */
export type RpcPattern = keyof Catalogue & string;

/** What a pattern's request carries (`RpcEnvelope.data`), inferred from its schema. */
export type RpcRequest<P extends RpcPattern> = Catalogue[P] extends RpcEntry<infer S, unknown> ? Static<S> : never;

/** What a pattern's handler answers. */
export type RpcReply<P extends RpcPattern> = Catalogue[P] extends RpcEntry<TSchema, infer R> ? R : never;

export function isRpcPattern(pattern: string): pattern is RpcPattern {
  return Object.prototype.hasOwnProperty.call(RPC_CATALOGUE, pattern);
}

/** The request schema of a pattern, or undefined for a subject the catalogue does not know. */
export function requestSchemaFor(pattern: string): TSchema | undefined {
  return isRpcPattern(pattern) ? RPC_CATALOGUE[pattern].request : undefined;
}
