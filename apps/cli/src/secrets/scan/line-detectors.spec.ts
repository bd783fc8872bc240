/**
 * Every detector on planted values. The values are assembled at run time, so this file itself does
 * not hold anything the scanner would report when the repository is scanned.
 */
import { ALLOW_PRAGMA, isPlaceholder, scanLine } from './line-detectors';

const join = (...parts: string[]) => parts.join('');
const AWS_ID = join('AKIA', 'Q3EGRT7XWVZ5PL2M');
const AWS_SECRET = join('wJalrXUtnFEMIK7', 'MDENGbPxRfiCY', 'zQ9x8Y4v2B1a');
const HEX32 = join('3f9a7c2e1b8d4f6a', '0c5e9b2d7f1a4c8e');
const TOKEN = join('q8Zr3LwT0vXy5Bn2', 'Kd7Fh9Jm4Pc6Sg1AeR');
const JWT = join('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVm', 'NHl0w5N_XgL0n3I', '9PlFUP0THsR8U');

function rules(line: string, file = 'config.env.txt'): string[] {
  return scanLine(line, { file }).map((m) => m.rule);
}

describe(scanLine.name, () => {
  it.each([
    ['an RSA private key header', join('-----BEGIN ', 'RSA PRIVATE KEY-----'), 'private-key'],
    ['an OpenSSH private key header', join('-----BEGIN ', 'OPENSSH PRIVATE KEY-----'), 'private-key'],
    ['a PKCS#8 private key header', join('-----BEGIN ', 'PRIVATE KEY-----'), 'private-key'],
    ['an AWS access key id', `aws_access_key_id = "${AWS_ID}"`, 'aws-access-key'],
    ['an AWS secret access key', `aws_secret_access_key = ${AWS_SECRET}`, 'aws-secret-key'],
    ['a JWT signing secret in an env file', `JWT_SECRET_KEY=${HEX32}`, 'jwt-secret'],
    ['a Django-style secret key', `SECRET_KEY = 'django-insecure-${HEX32}'`, 'jwt-secret'], // secrets-scan:allow
    ['a JSON Web Token', `Authorization: Bearer ${JWT}`, 'jwt-token'],
    ['a high-entropy token next to a credential word', `apiToken: "${TOKEN}"`, 'high-entropy'],
    ['a hex secret next to a credential word', `"client_secret": "${HEX32}${HEX32}"`, 'high-entropy'],
  ])('finds %s', (_what, line, rule) => {
    expect(rules(line)).toEqual([rule]);
  });

  it('reports where, and a preview that is never the value', () => {
    const [m] = scanLine(`JWT_SECRET_KEY=${HEX32}`, { file: '.env' });
    expect(m.start).toBe('JWT_SECRET_KEY='.length);
    expect(m.end - m.start).toBe(HEX32.length);
    expect(m.preview).not.toContain(HEX32);
    expect(m.preview).toBe(`${HEX32.slice(0, 4)}…(32 chars)`);
  });

  it('reports one finding where a specific and a generic detector see the same value', () => {
    expect(rules(`JWT_SECRET_KEY="${TOKEN}"`)).toEqual(['jwt-secret']);
  });

  it.each([
    ['a reference to the environment', 'JWT_SECRET_KEY=${JWT_SECRET_KEY}'],
    ['a shell substitution', 'JWT_SECRET_KEY=$(openssl rand -hex 32)'],
    ['a placeholder', 'JWT_SECRET_KEY=<new-value>'],
    ['an identifier in code', 'const jwtSecret = secret;'],
    ['a function call', "JWT_SECRET_KEY: randomBytes(32).toString('hex'),"],
    ['the key name itself', "export const JWT_SECRET_KEY = 'JWT_SECRET_KEY';"],
    ['a type annotation', 'jwtSecret: string;'],
    ["AWS's documentation example key", `aws_access_key_id = ${join('AKIAIOSFODNN7', 'EXAMPLE')}`],
    ['a UUID', 'token_id = "0f8fad5b-d9cb-469f-a165-70867728950e"'],
    ['a git commit id without a credential word', 'resolved 3f9a7c2e1b8d4f6a0c5e9b2d7f1a4c8e9b2d7f1a'], // secrets-scan:allow
    ['a subresource integrity digest', 'integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"'],
    ['a long identifier', 'const passwordChangeRequiredForSeededAccounts = true;'],
    ['a migration class name', 'import { EventSourcingTables1764300000000 } from "./x";'],
    ['a file path', 'token: apps/api-gateway/src/auth/bearer-auth.guard.ts'],
    ['a document id in a URL', '[format]: https://docs.google.com/document/d/1QrDFcIiPjSLDn3EL15IJygNPiHORgU1_OOAqWjiDU5Y/edit#'],
  ])('ignores %s', (_what, line) => {
    expect(scanLine(line, { file: 'src/config.ts' })).toEqual([]);
  });

  it(`skips a line marked ${ALLOW_PRAGMA}`, () => {
    expect(rules(`JWT_SECRET_KEY=${HEX32} # ${ALLOW_PRAGMA} (test fixture)`)).toEqual([]);
  });

  it('reads unquoted values as literals in config files but as identifiers in code', () => {
    expect(rules('jwt_secret: changeme-prod-2024', 'deploy/values.yaml')).toEqual(['jwt-secret']);
    expect(rules('jwt_secret: changemeProd2024', 'src/app.ts')).toEqual([]);
  });

  it('stays fast on pathological input (no catastrophic backtracking)', () => {
    const started = Date.now();
    for (const line of ['a-'.repeat(2000) + '!', 'Ab1_'.repeat(1000) + '.', `secret_key=${'x'.repeat(3000)}`, 'eyJ'.repeat(1000)])
      scanLine(line, { file: 'x.ts' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe(isPlaceholder.name, () => {
  it('treats short, templated and example values as placeholders, and real-looking ones as not', () => {
    for (const v of ['', 'abc', 'xxxxxxxx', '********', 'your-secret-here', 'REPLACE_ME_PLEASE', '{{ .Values.secret }}', '%SECRET%'])
      expect(isPlaceholder(v)).toBe(true);
    for (const v of ['changeme', 'supersecret', HEX32, 'dev-secret-2024']) expect(isPlaceholder(v)).toBe(false);
  });
});
