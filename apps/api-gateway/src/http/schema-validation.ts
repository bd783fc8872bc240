/**
 * Request bodies and queries are validated by JSON Schema (Ajv). The same schemas document the
 * endpoints in OpenAPI, so /docs-json and the validation cannot drift apart.
 * Every problem is listed at once; values are never echoed back.
 */
import { Injectable, type PipeTransform } from '@nestjs/common';
import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { GatewayError } from './problem';

const ajv = new Ajv({ allErrors: true, removeAdditional: 'all', coerceTypes: false, useDefaults: true, strict: false });
addFormats(ajv, ['email', 'date-time', 'uuid']);
/** For bodies where a misspelt key must not be dropped silently (settings): unknown keys are errors. */
const strictAjv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, strict: false });
addFormats(strictAjv, ['email', 'date-time', 'uuid']);

/** A client-chosen key name, made safe to repeat in an error. */
function keyName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'a key';
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const parts = (errors ?? []).map((e) => {
    const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : ((e.params as { missingProperty?: string }).missingProperty ?? 'body');
    if (e.keyword === 'required') return `${(e.params as { missingProperty: string }).missingProperty} is required`;
    if (e.keyword === 'type') return `${field} must be ${(e.params as { type: string }).type}`;
    if (e.keyword === 'format') return `${field} must be a valid ${(e.params as { format: string }).format}`;
    if (e.keyword === 'maxLength') return `${field} is too long`;
    if (e.keyword === 'minLength') return `${field} is too short`;
    if (e.keyword === 'pattern') return `${field} contains characters that are not allowed`;
    if (e.keyword === 'enum') return `${field} must be one of the allowed values`;
    if (e.keyword === 'additionalProperties') return `${keyName((e.params as { additionalProperty: string }).additionalProperty)} is not allowed`;
    if (e.keyword === 'minimum' || e.keyword === 'maximum')
      return `${field} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${(e.params as { limit: number }).limit}`;
    if (e.keyword === 'maxItems') return `${field} has too many items`;
    if (e.keyword === 'uniqueItems') return `${field} must not repeat an item`;
    return `${field} is invalid`;
  });
  return [...new Set(parts)].join('; ') || 'The request is invalid';
}

@Injectable()
export class SchemaPipe<T> implements PipeTransform<unknown, T> {
  private readonly validate: ValidateFunction<T>;

  constructor(schema: JSONSchemaType<T> | Record<string, unknown>, options: { rejectUnknownKeys?: boolean } = {}) {
    this.validate = (options.rejectUnknownKeys ? strictAjv : ajv).compile<T>(schema as JSONSchemaType<T>);
  }

  transform(value: unknown): T {
    // No body at all (a bodiless POST) is an empty object; a JSON `null` is a body, and not an object.
    const input = value === undefined ? {} : value;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new GatewayError('VALIDATION_FAILED', 'The body must be a JSON object');
    if (!this.validate(input)) throw new GatewayError('VALIDATION_FAILED', describe(this.validate.errors));
    return input as T;
  }
}
