import { createHmac } from 'node:crypto';
import { signBody, verifyBody } from './webhook-signature';
import { webhookConfigProblems } from './webhook-sink';

const BASE = { AUDIT_WEBHOOK_BATCH: 100, AUDIT_WEBHOOK_TIMEOUT_MS: 5000, AUDIT_WEBHOOK_RETRY_MS: 1000, AUDIT_WEBHOOK_MAX_RETRY_MS: 60_000 };

describe(signBody.name, () => {
  it('is the hex HMAC-SHA256 of the exact body, and verifies only that body with that key', () => {
    const body = '{"records":[]}';
    expect(signBody('k'.repeat(32), body)).toBe(`sha256=${createHmac('sha256', 'k'.repeat(32)).update(body).digest('hex')}`);
    expect(verifyBody('k'.repeat(32), body, signBody('k'.repeat(32), body))).toBe(true);
    expect(verifyBody('k'.repeat(32), `${body} `, signBody('k'.repeat(32), body))).toBe(false);
    expect(verifyBody('x'.repeat(32), body, signBody('k'.repeat(32), body))).toBe(false);
    expect(verifyBody('k'.repeat(32), body, undefined)).toBe(false);
  });
});

describe(webhookConfigProblems.name, () => {
  it('is off without a URL, and refuses a URL without a long enough secret', () => {
    expect(webhookConfigProblems(BASE)).toEqual([]);
    expect(webhookConfigProblems({ ...BASE, AUDIT_WEBHOOK_URL: 'https://siem.example.com/in' })).toEqual([expect.stringContaining('AUDIT_WEBHOOK_SECRET')]);
    expect(webhookConfigProblems({ ...BASE, AUDIT_WEBHOOK_URL: 'https://siem.example.com/in', AUDIT_WEBHOOK_SECRET: 'short' })).toHaveLength(1);
    expect(webhookConfigProblems({ ...BASE, AUDIT_WEBHOOK_URL: 'https://siem.example.com/in', AUDIT_WEBHOOK_SECRET: 's'.repeat(32) })).toEqual([]);
  });
});
