/** A service with a bad configuration refuses to start, naming every bad key and no value. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Names of bus files (the check is on presence; these processes stop before they connect). */
const SECURED_BUS = { NATS_CREDS_FILE: 'unused.nk', NATS_TLS_CA_FILE: 'unused-ca.pem' };

function boot(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', './tools/runtime/register-paths.js', `dist/apps/${service}/src/main.js`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('configuration validation at boot (e2e)', () => {
  it.each(['user-service', 'api-gateway'])('%s lists every bad key and never a value', (service) => {
    const sentinel = 'postgres://admin:Sup3r-S3cret-Value@db.invalid:5432/x y';
    const res = boot(service, { DATABASE_URL: sentinel, DATABASE_POOL_SIZE: 'many', LOG_LEVEL: 'loud', NATS_URL: 'nats://127.0.0.1:1' });
    expect(res.status).toBe(78);
    const out = `${res.stdout}${res.stderr}`;
    expect(out).toContain('DATABASE_POOL_SIZE');
    expect(out).toContain('LOG_LEVEL');
    expect(out).not.toContain('Sup3r-S3cret-Value');
    expect(out).not.toContain('many');
  });

  it('the gateway refuses a wildcard CORS origin', () => {
    const res = boot('api-gateway', { CORS_ORIGINS: '*', NATS_URL: 'nats://127.0.0.1:1' });
    expect(res.status).toBe(78);
    expect(res.stdout).toContain('CORS_ORIGINS');
  });

  it('in production a short JWT secret (HS256 runbook mode) stops the process, naming the variable only', () => {
    const res = boot('api-gateway', {
      ENVIRONMENT: 'production',
      JWT_ALGORITHM: 'HS256',
      JWT_SECRET_KEY: 'tooshort-secret',
      NATS_URL: 'nats://127.0.0.1:1',
      ...SECURED_BUS,
    });
    expect(res.status).not.toBe(0);
    const out = `${res.stdout}${res.stderr}`;
    expect(out).toContain('JWT_SECRET_KEY');
    expect(out).not.toContain('tooshort-secret');
  });

  it.each(['user-service', 'api-gateway'])('in production %s refuses an anonymous, plaintext bus (exit 78), naming the variables only', (service) => {
    const res = boot(service, { ENVIRONMENT: 'production', NATS_URL: 'nats://bus-user:Bus-Pa55word@127.0.0.1:1' });
    expect(res.status).toBe(78);
    const out = `${res.stdout}${res.stderr}`;
    expect(out).toContain('NATS_CREDS_FILE');
    expect(out).toContain('NATS_TLS_CA_FILE');
    expect(out).not.toContain('Bus-Pa55word');
  });
});
