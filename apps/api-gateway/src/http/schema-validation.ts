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

function describe(errors: ErrorObject[] | null | undefined): string {
  const parts = (errors ?? []).map((e) => {
    const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : (e.params as { missingProperty?: string }).missingProperty ?? 'body';
    if (e.keyword === 'required') return `${(e.params as { missingProperty: string }).missingProperty} is required`;
    if (e.keyword === 'type') return `${field} must be ${(e.params as { type: string }).type}`;
    if (e.keyword === 'format') return `${field} must be a valid ${(e.params as { format: string }).format}`;
    if (e.keyword === 'maxLength') return `${field} is too long`;
    if (e.keyword === 'minLength') return `${field} is too short`;
    if (e.keyword === 'pattern') return `${field} contains characters that are not allowed`;
    if (e.keyword === 'enum') return `${field} must be one of the allowed values`;
    return `${field} is invalid`;
  });
  return [...new Set(parts)].join('; ') || 'The request is invalid';
}

@Injectable()
export class SchemaPipe<T> implements PipeTransform<unknown, T> {
  private readonly validate: ValidateFunction<T>;

  constructor(schema: JSONSchemaType<T> | Record<string, unknown>) {
    this.validate = ajv.compile<T>(schema as JSONSchemaType<T>);
  }

  transform(value: unknown): T {
    const input = value === undefined || value === null ? {} : value;
    if (typeof input !== 'object' || Array.isArray(input)) throw new GatewayError('VALIDATION_FAILED', 'The body must be a JSON object');
    if (!this.validate(input)) throw new GatewayError('VALIDATION_FAILED', describe(this.validate.errors));
    return input as T;
  }
}
