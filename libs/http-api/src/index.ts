/**
 * The types of the gateway's HTTP API, generated from docs/api/openapi.json by openapi-typescript
 * (tools/api/write-openapi.ts): what the console and the e2e suites use with openapi-fetch. Types
 * only, no code, so the browser console may import it (it is tagged for the console too).
 */
import type { components, operations, paths } from './openapi';

export type { components, operations, paths };

/** A component schema of the document by name: `ApiSchema<'PublicUser'>`. */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];
