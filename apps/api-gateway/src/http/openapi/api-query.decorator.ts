/**
 * Documents a route's query parameters from the JSON Schema that validates them (SchemaPipe), so
 * the document states the same types, patterns and enums the gateway enforces. Every parameter is
 * optional, as the query schemas have no `required`.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

interface QuerySchema {
  properties: Record<string, object>;
}

export function ApiQueryFromSchema(schema: QuerySchema, descriptions: Record<string, string> = {}, omit: string[] = []): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.properties)
      .filter(([name]) => !omit.includes(name))
      .map(([name, property]) =>
        ApiQuery({ name, required: false, schema: property as never, ...(descriptions[name] ? { description: descriptions[name] } : {}) }),
      ),
  );
}
