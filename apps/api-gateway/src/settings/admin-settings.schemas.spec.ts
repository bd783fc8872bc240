import { SchemaPipe } from '../http/schema-validation';
import { GatewayError } from '../http/problem';
import { updateSettingsBodySchema } from './admin-settings.schemas';

function setup() {
  const sut = new SchemaPipe<Record<string, unknown>>(updateSettingsBodySchema, { rejectUnknownKeys: true });
  const problem = (body: unknown): GatewayError => {
    try {
      sut.transform(body);
    } catch (err) {
      if (err instanceof GatewayError) return err;
      throw err;
    }
    throw new Error('expected the body to be refused');
  };
  return { sut, problem };
}

describe('PUT /admin/settings body schema', () => {
  it('accepts a partial object and an empty one, unchanged', () => {
    const { sut } = setup();
    const body = { password_policy: 'pci-dss-4', cors_origins: ['https://app.example.com', 'http://localhost:5173'], access_token_ttl_seconds: 600 };
    expect(sut.transform({ ...body })).toEqual(body);
    expect(sut.transform({})).toEqual({});
  });

  it('refuses a body that is not an object (JSON null, an array, a string); no body at all is an empty change', () => {
    const { sut, problem } = setup();
    for (const body of [null, [], 'seed', 42]) expect(problem(body).message).toBe('The body must be a JSON object');
    expect(sut.transform(undefined)).toEqual({});
  });

  it('refuses an unknown key (a misspelt one is not dropped silently), naming it', () => {
    const { problem } = setup();
    const err = problem({ password_polcy: 'seed' });
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.detail).toBe('password_polcy is not allowed');
  });

  it('names the key of every bad value, without echoing the value', () => {
    const { problem } = setup();
    const err = problem({
      password_policy: 'lenient-xyz',
      cors_origins: ['https://evil.example.com/path-xyz'],
      access_token_ttl_seconds: 5,
      refresh_token_ttl_seconds: 'long',
    });
    for (const key of ['password_policy', 'cors_origins.0', 'access_token_ttl_seconds', 'refresh_token_ttl_seconds']) expect(err.detail).toContain(key);
    expect(err.detail).not.toContain('xyz');
  });

  it.each([['https://*.example.com'], ['*'], ['https://a.example.com/'], ['javascript:alert(1)'], ['https://user@a.example.com']])(
    'refuses the origin %s',
    (origin) => {
      expect(setup().problem({ cors_origins: [origin] }).detail).toContain('cors_origins.0');
    },
  );

  it('keeps an unknown key name safe to repeat', () => {
    expect(setup().problem({ ['<script>\u0000' + 'k'.repeat(200)]: 1 }).detail).toBe(`script${'k'.repeat(58)} is not allowed`);
  });

  it('leaves the lenient pipe of other routes as it was (unknown keys removed)', () => {
    const lenient = new SchemaPipe<Record<string, unknown>>(updateSettingsBodySchema);
    expect(lenient.transform({ password_policy: 'seed', extra: 1 })).toEqual({ password_policy: 'seed' });
  });
});
