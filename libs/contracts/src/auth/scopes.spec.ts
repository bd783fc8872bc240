import { GRANTABLE_SCOPES, isGrantableScope, parseScope, RESTRICTED_SCOPES, ROUTE_SCOPES, SCOPES, scopesForRoles, SELF } from './scopes';

describe('scopes', () => {
  it('has the contract’s scopes, grantable, and password:change restricted', () => {
    for (const s of [
      'users:read',
      'users:write',
      'audit:read',
      'keys:read',
      'keys:rotate',
      'tokens:revoke',
      'settings:read',
      'settings:write',
      'service-accounts:write',
      'metrics:read',
      'tokens:introspect',
    ]) {
      expect(isGrantableScope(s)).toBe(true);
    }
    expect(RESTRICTED_SCOPES).toEqual(['password:change', 'mfa:enroll']);
    expect(isGrantableScope('password:change')).toBe(false);
    expect(isGrantableScope('admin')).toBe(false);
    expect(GRANTABLE_SCOPES.length + RESTRICTED_SCOPES.length).toBe(SCOPES.length);
  });

  it('maps roles to scopes: admin every grantable scope, auditor audit:read, founder none', () => {
    expect(scopesForRoles(['admin'])).toEqual([...GRANTABLE_SCOPES]);
    expect(scopesForRoles(['auditor'])).toEqual(['audit:read']);
    expect(scopesForRoles(['founder'])).toEqual([]);
    expect(scopesForRoles(['founder', 'auditor', 'auditor', 'nobody'])).toEqual(['audit:read']);
  });

  it('names only scopes of the table (or self) for the routes', () => {
    for (const need of Object.values(ROUTE_SCOPES)) expect(need === SELF || isGrantableScope(need)).toBe(true);
  });

  it('parses a scope claim', () => {
    expect(parseScope('a  b')).toEqual(['a', 'b']);
    expect(parseScope('')).toEqual([]);
    expect(parseScope(undefined)).toEqual([]);
  });
});
