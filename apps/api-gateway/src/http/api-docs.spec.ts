import { servesApiDocs } from './api-docs';

describe(servesApiDocs.name, () => {
  it('serves /docs outside production, with or without DEBUG_MODE', () => {
    expect(servesApiDocs({ ENVIRONMENT: 'development', DEBUG_MODE: false })).toBe(true);
    expect(servesApiDocs({ ENVIRONMENT: 'test', DEBUG_MODE: false })).toBe(true);
    expect(servesApiDocs({ ENVIRONMENT: 'development', DEBUG_MODE: true })).toBe(true);
  });

  it('serves /docs in production only when DEBUG_MODE is on', () => {
    expect(servesApiDocs({ ENVIRONMENT: 'production', DEBUG_MODE: false })).toBe(false);
    expect(servesApiDocs({ ENVIRONMENT: 'production', DEBUG_MODE: true })).toBe(true);
  });
});
