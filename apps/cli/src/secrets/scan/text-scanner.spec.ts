import { FileScanner, scanText } from './text-scanner';

const BEGIN = ['-----BEGIN ', 'RSA PRIVATE KEY-----'].join('');
const END = ['-----END ', 'RSA PRIVATE KEY-----'].join('');
const BODY = ['MIIEowIBAAKCAQEAq8Zr3LwT0vXy5Bn2Kd7Fh9Jm4Pc6Sg1AeRzQ9x8Y4v2B1a', 'wJalrXUtnFEMIK7MDENGbPxRfiCYzQ9x8Y4v2B1aq8Zr3LwT0vXy5Bn2Kd7Fh9J']; // secrets-scan:allow

describe(FileScanner.name, () => {
  it('reports a private key once, at its BEGIN line, not each line of its body', () => {
    const findings = scanText('keys/deploy_key', ['# deploy key', BEGIN, ...BODY, END, `token = "${BODY[0]}"`].join('\n'));
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['private-key', 2],
      ['high-entropy', 6],
    ]);
  });

  it('treats a one-line PEM string as one key', () => {
    expect(scanText('a.ts', `const PEM = '${BEGIN}\\n${BODY[0]}\\n${END}\\n';`).map((f) => f.rule)).toEqual(['private-key']);
  });

  it('reports an environment file first, then what is in it, with the commit in history scans', () => {
    const scanner = new FileScanner('.env', 'c0ffee');
    scanner.add(1, 'JWT_SECRET_KEY=3f9a7c2e1b8d4f6a0c5e9b2d7f1a4c8e'); // secrets-scan:allow
    expect(scanner.finish().map((f) => [f.rule, f.line, f.commit])).toEqual([
      ['env-file', 1, 'c0ffee'],
      ['jwt-secret', 1, 'c0ffee'],
    ]);
  });
});
