import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from 'nkeys.js';
import { authenticatorFromFile, busConnectionOptions, busSecurityProblems } from './bus-connection';

describe('bus connection options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bus-options-'));
  const seedFile = join(dir, 'svc.nk');
  const seed = new TextDecoder().decode(createUser().getSeed());
  writeFileSync(seedFile, `${seed}\n`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('production refuses an anonymous or plaintext bus, naming the variables and never a value', () => {
    const problems = busSecurityProblems({ ENVIRONMENT: 'production', NATS_URL: ['nats://user:S3cret-Pass@10.0.0.1:4222'] });
    expect(problems.join('\n')).toMatch(/NATS_CREDS_FILE is required in production/);
    expect(problems.join('\n')).toMatch(/NATS_TLS_CA_FILE .* is required in production/);
    expect(problems.join('\n')).not.toContain('S3cret-Pass');
    expect(busSecurityProblems({ ENVIRONMENT: 'production', NATS_URL: ['tls://a:4222', 'tls://b:4222'], NATS_CREDS_FILE: seedFile })).toEqual([]);
    expect(busSecurityProblems({ ENVIRONMENT: 'production', NATS_URL: ['tls://a:4222', 'nats://b:4222'], NATS_CREDS_FILE: seedFile })).toHaveLength(1);
    expect(busSecurityProblems({ ENVIRONMENT: 'development', NATS_URL: ['nats://127.0.0.1:4222'] })).toEqual([]);
    expect(busSecurityProblems({ NATS_URL: ['tls://a:4222'], NATS_TLS_CERT_FILE: 'cert.pem' })).toEqual([
      'NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together',
    ]);
  });

  it('carries several servers, the credential, TLS files and a private inbox prefix per identity', () => {
    const options = busConnectionOptions(
      {
        NATS_URL: ['tls://a:4222', 'tls://b:4222'],
        NATS_CREDS_FILE: seedFile,
        NATS_TLS_CA_FILE: 'ca.pem',
        NATS_TLS_CERT_FILE: 'c.pem',
        NATS_TLS_KEY_FILE: 'k.pem',
      },
      'auth-service',
      'auth-service-client',
    );
    expect(options).toMatchObject({
      servers: ['tls://a:4222', 'tls://b:4222'],
      name: 'auth-service-client',
      inboxPrefix: '_INBOX.auth-service',
      tls: { caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' },
    });
    expect(typeof options.authenticator).toBe('function');
    expect(busConnectionOptions({ NATS_URL: ['nats://127.0.0.1:4222'] }, 'cli')).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      name: 'cli',
      inboxPrefix: '_INBOX.cli',
      noAsyncTraces: true,
    });
  });

  it('takes an nkey seed or a .creds file, and refuses anything else without echoing it', () => {
    expect(typeof authenticatorFromFile(seedFile)).toBe('function');
    const creds = join(dir, 'svc.creds');
    writeFileSync(
      creds,
      `-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.e30.x\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`,
    );
    expect(typeof authenticatorFromFile(creds)).toBe('function');
    const wrong = join(dir, 'wrong');
    writeFileSync(wrong, 'user:Hunter2-Password');
    expect(() => authenticatorFromFile(wrong)).toThrow('NATS_CREDS_FILE holds neither a .creds file nor a user nkey seed');
  });
});
