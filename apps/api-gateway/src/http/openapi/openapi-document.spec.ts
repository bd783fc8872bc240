/**
 * The OpenAPI document is the contract: every operation has a stable id, a typed success answer and
 * problem answers whose codes belong to their status; it is OpenAPI 3.1 with no 3.0-only keyword and
 * no dangling reference. Built from the gateway module with stand-in dependencies (nothing is called).
 */
import { NestFactory } from '@nestjs/core';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ERROR_STATUS, type ErrorCode } from '@tr4ction/contracts';
import { GatewayModule, type GatewayDeps } from '../../gateway.module';
import { GatewayMetrics } from '../../metrics/gateway-metrics';
import { buildOpenApi } from '../openapi';
import { HTTP_METHODS } from './complete-openapi';

const OPERATION_ID = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/;

interface Response {
  content?: Record<string, { schema?: { $ref?: string; properties?: { code?: { enum?: string[] } } }; examples?: Record<string, { $ref: string }> }>;
}
interface Operation {
  operationId: string;
  responses: Record<string, Response>;
  security?: unknown[];
}

describe('OpenAPI document', () => {
  let app: NestFastifyApplication;
  let doc: ReturnType<typeof buildOpenApi>;

  beforeAll(async () => {
    const fakeDeps = {
      config: { ISSUER_URL: 'http://localhost:8000' },
      logger: { info: () => undefined },
      metrics: new GatewayMetrics(),
    } as unknown as GatewayDeps;
    app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(fakeDeps), new FastifyAdapter(), { logger: false });
    doc = JSON.parse(JSON.stringify(buildOpenApi(app))) as ReturnType<typeof buildOpenApi>;
  });

  afterAll(async () => {
    await app.close();
  });

  function operations(): Array<{ key: string; op: Operation }> {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m] as unknown as Operation })),
    );
  }

  it('is OpenAPI 3.1 without the 3.0 nullable keyword', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(JSON.stringify(doc)).not.toContain('"nullable"');
  });

  it('gives every operation a unique operationId that follows the naming rule', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.filter((id) => !OPERATION_ID.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation a success answer, typed by a component schema when it is JSON', () => {
    for (const { key, op } of operations()) {
      const successes = Object.entries(op.responses).filter(([status, r]) => Number(status) < 400 || !r.content?.['application/problem+json']);
      expect({ key, successes: successes.length > 0 }).toEqual({ key, successes: true });
      for (const [, r] of successes) {
        const json = r.content?.['application/json'];
        if (json) expect({ key, ref: json.schema?.$ref }).toEqual({ key, ref: expect.stringMatching(/^#\/components\/schemas\//) });
      }
    }
  });

  it('lists on each problem answer only codes of its status, each with an example', () => {
    for (const { key, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        const problem = r.content?.['application/problem+json'];
        if (!problem) continue;
        const codes = (problem.schema?.properties?.code?.enum ?? []) as ErrorCode[];
        expect(codes.length).toBeGreaterThan(0);
        expect({ key, statuses: codes.map((c) => ERROR_STATUS[c]) }).toEqual({ key, statuses: codes.map(() => Number(status)) });
        expect(Object.keys(problem.examples ?? {})).toEqual(codes);
      }
    }
  });

  it('answers 401 UNAUTHENTICATED on every protected operation and never on a public one', () => {
    for (const { key, op } of operations()) {
      const codes = op.responses['401']?.content?.['application/problem+json']?.schema?.properties?.code?.enum ?? [];
      expect({ key, unauthenticated: codes.includes('UNAUTHENTICATED') }).toEqual({ key, unauthenticated: (op.security?.length ?? 0) > 0 });
    }
  });

  it('publishes every error code in the ErrorCode schema and resolves every reference', () => {
    const schemas = doc.components?.schemas as Record<string, { enum?: string[] }>;
    expect(schemas.ErrorCode?.enum).toEqual(Object.keys(ERROR_STATUS));
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|examples)\/([^"]+)"/g)];
    const missing = refs.filter(([, kind, name]) => !(doc.components as Record<string, Record<string, unknown>>)[kind]?.[name]).map(([ref]) => ref);
    expect(missing).toEqual([]);
  });

  it('holds every example to its schema: the success examples and each code’s problem example', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The components as one schema resource, so `#/components/schemas/...` references resolve.
    ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
    const schemas = doc.components?.schemas as Record<string, { examples?: unknown[] }>;
    const failures: string[] = [];
    for (const [name, schema] of Object.entries(schemas)) {
      for (const example of schema.examples ?? [])
        if (!ajv.validate({ $ref: `openapi#/components/schemas/${name}` }, example)) failures.push(`${name}: ${ajv.errorsText()}`);
    }
    const examples = doc.components?.examples as Record<string, { value: unknown }>;
    for (const [name, { value }] of Object.entries(examples)) {
      const schema = name.startsWith('oauth.') ? 'OAuthProblem' : 'Problem';
      if (!ajv.validate({ $ref: `openapi#/components/schemas/${schema}` }, value)) failures.push(`${name}: ${ajv.errorsText()}`);
    }
    expect(failures).toEqual([]);
    expect(Object.values(schemas).filter((s) => s.examples).length).toBeGreaterThan(0);
  });
});
