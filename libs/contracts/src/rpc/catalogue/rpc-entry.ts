/** One entry of the RPC catalogue: a request schema and, for the compiler only, the reply type. */
import { Type, type TSchema } from '@sinclair/typebox';

export interface RpcEntry<S extends TSchema, R> {
  request: S;
  /** Never set: it carries the reply type `R` (a phantom), there is no run-time reply schema. */
  reply?: R;
}

export function rpc<S extends TSchema>(request: S): { answers<R>(): RpcEntry<S, R> } {
  return { answers: <R>(): RpcEntry<S, R> => ({ request }) };
}

/** The request of a pattern that takes no arguments (`{}`; extra members are ignored, as anywhere). */
export const NoArguments = Type.Object({});

/** `{ ok: true }`: done, nothing to report. */
export interface Done {
  ok: true;
}

/** The cutoff a revocation set: tokens issued before it are refused. */
export interface RevocationCutoff {
  not_before: string;
}

/** A read or refusal audit-service recorded. */
export interface Recorded {
  recorded: true;
}

/** `T | null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One of a fixed list of strings (a `const` tuple), as a schema. */
export const literals = <const T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v as T[number])));
