import { REDACTED, redactDeep, redactString } from './redaction';

describe(redactDeep.name, () => {
  it('masks secret-named keys at any depth', () => {
    const out = redactDeep({ user: { email: 'a@b.c', password: 'Hunter2!Hunter2!', nested: [{ client_secret: 'x' }] }, authorization: 'Bearer abc' });
    expect(out).toEqual({ user: { email: 'a@b.c', password: REDACTED, nested: [{ client_secret: REDACTED }] }, authorization: REDACTED });
  });

  it('masks secret-shaped values wherever they appear', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const msg = redactString(`token ${jwt} hash $argon2id$v=19$m=19456,t=2,p=1$abc$def refresh rt_${'A'.repeat(43)}`);
    expect(msg).not.toContain(jwt);
    expect(msg).not.toContain('$argon2id$');
    expect(msg).not.toContain('rt_AAAA');
  });
});
