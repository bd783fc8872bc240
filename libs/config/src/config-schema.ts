/**
 * A small, typed, validated environment schema. Each key has a description and a sensitivity flag;
 * parsing collects every problem and fails once, naming the keys and never printing a value.
 */

export type KeyKind = 'string' | 'int' | 'bool' | 'url' | 'list' | 'enum';

interface KeySpecBase {
  description: string;
  /** A sensitive value is never echoed: not in errors, logs or `describe()`. */
  sensitive?: boolean;
  required?: boolean;
}

export interface StringKey extends KeySpecBase {
  kind: 'string' | 'url';
  default?: string;
  minLength?: number;
}
export interface IntKey extends KeySpecBase {
  kind: 'int';
  default?: number;
  min?: number;
  max?: number;
}
export interface BoolKey extends KeySpecBase {
  kind: 'bool';
  default?: boolean;
}
export interface ListKey extends KeySpecBase {
  kind: 'list';
  default?: string[];
}
export interface EnumKey<V extends string = string> extends KeySpecBase {
  kind: 'enum';
  values: readonly V[];
  default?: V;
}

export type KeySpec = StringKey | IntKey | BoolKey | ListKey | EnumKey;
export type Schema = Record<string, KeySpec>;

type ValueOf<S extends KeySpec> = S extends IntKey
  ? number
  : S extends BoolKey
    ? boolean
    : S extends ListKey
      ? string[]
      : S extends EnumKey<infer V>
        ? V
        : string;

type Present<S extends KeySpec> = S extends { default: unknown } ? true : S extends { required: true } ? true : false;

export type ConfigOf<T extends Schema> = {
  [K in keyof T]: Present<T[K]> extends true ? ValueOf<T[K]> : ValueOf<T[K]> | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function defineSchema<T extends Schema>(schema: T): T {
  return schema;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** Whether a raw boolean setting is on, as the schema reads it (for code that runs before the config is parsed). */
export function isOn(raw: string | undefined): boolean {
  return raw !== undefined && TRUE.has(raw.trim().toLowerCase());
}

function parseOne(key: string, spec: KeySpec, raw: string): { value?: unknown; problem?: string } {
  switch (spec.kind) {
    case 'string':
      if (spec.minLength !== undefined && raw.length < spec.minLength) return { problem: `${key} must be at least ${spec.minLength} characters` };
      return { value: raw };
    case 'url':
      try {
        new URL(raw);
        return { value: raw };
      } catch {
        return { problem: `${key} must be a URL` };
      }
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) return { problem: `${key} must be an integer` };
      const n = Number(raw);
      if (spec.min !== undefined && n < spec.min) return { problem: `${key} must be >= ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { problem: `${key} must be <= ${spec.max}` };
      return { value: n };
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return { value: true };
      if (FALSE.has(v)) return { value: false };
      return { problem: `${key} must be true or false` };
    }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'enum':
      if (!spec.values.includes(raw)) return { problem: `${key} must be one of ${spec.values.join(', ')}` };
      return { value: raw };
  }
}

export function parseConfig<T extends Schema>(schema: T, env: NodeJS.ProcessEnv = process.env): ConfigOf<T> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (spec.default !== undefined) out[key] = spec.default;
      else if (spec.required) problems.push(`${key} is required (${spec.description})`);
      continue;
    }
    const { value, problem } = parseOne(key, spec, raw);
    if (problem) problems.push(problem);
    else out[key] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<T>;
}

/** The effective configuration with sensitive values masked: safe for logs and `doctor`. */
export function describeConfig<T extends Schema>(schema: T, config: ConfigOf<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const v = (config as Record<string, unknown>)[key];
    out[key] = spec.sensitive ? (v === undefined ? undefined : '[set]') : v;
  }
  return out;
}
