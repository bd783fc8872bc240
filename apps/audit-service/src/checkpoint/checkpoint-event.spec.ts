import { ed25519KeyFromSecret, generateEd25519Secret, signCheckpoint, verifyCheckpoint } from '@tr4ction/audit-chain';
import { envelopeProblems } from '@tr4ction/contracts';
import { checkpointEvent, checkpointFromEvent } from './checkpoint.service';

describe('AuditCheckpointSigned announcement', () => {
  it('carries everything the signature covers, so a copy off the stream verifies on its own', () => {
    const key = ed25519KeyFromSecret(generateEd25519Secret());
    const checkpoint = signCheckpoint(key, { seq: 200, hash: 'ef'.repeat(32) }, new Date('2026-03-04T05:06:07.089Z'));
    const envelope = JSON.parse(JSON.stringify(checkpointEvent(checkpoint))) as unknown;
    expect(envelopeProblems(envelope)).toEqual([]);
    expect(envelope).toMatchObject({ type: 'AuditCheckpointSigned', occurred_at: checkpoint.signed_at, actor: { type: 'system', id: 'audit-service' } });
    const copy = checkpointFromEvent(envelope);
    expect(copy).toEqual(checkpoint);
    expect(verifyCheckpoint(key, copy!)).toBe(true);
  });

  it('reads nothing from an envelope of another shape', () => {
    expect(checkpointFromEvent({ type: 'LoginFailed', occurred_at: 'x', data: {} })).toBeUndefined();
    expect(checkpointFromEvent({ type: 'AuditCheckpointSigned', occurred_at: 'x', data: { seq: '1' } })).toBeUndefined();
    expect(checkpointFromEvent(null)).toBeUndefined();
  });
});
