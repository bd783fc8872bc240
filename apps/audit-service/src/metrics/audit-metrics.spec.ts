import { subjectFor } from '@tr4ction/contracts';
import { AuditMetrics, typeLabel } from './audit-metrics';

describe(AuditMetrics.name, () => {
  it('labels by catalogue type, and anything else as unknown', () => {
    expect(typeLabel(subjectFor('LoginFailed'))).toBe('LoginFailed');
    expect(typeLabel('LoginFailed')).toBe('LoginFailed');
    expect(typeLabel('tr4ction.anything.at.all')).toBe('unknown');
  });

  it('counts dead letters and exposes the Prometheus text', async () => {
    const metrics = new AuditMetrics({ defaultMetrics: false });
    metrics.onDeadLetter(subjectFor('UserDeleted'));
    metrics.onDeadLetter('tr4ction.junk.x.v1');
    metrics.onProcessed(subjectFor('UserDeleted'), 12);
    const { content_type, text } = await metrics.exposition();
    expect(content_type).toContain('text/plain');
    expect(text).toContain('tr4ction_audit_dead_letters_total{type="UserDeleted"} 1');
    expect(text).toContain('tr4ction_audit_dead_letters_total{type="unknown"} 1');
    expect(text).toContain('tr4ction_audit_event_processing_seconds_count 1');
  });
});
