import { EVENT_CATALOGUE, EVENT_TYPES } from '@tr4ction/contracts';
import { AUDIT_PROJECTIONS, projectionFor, RUNBOOK_ACTIONS } from './audit-projections';

describe('audit projections', () => {
  it.each(EVENT_TYPES)('has a projection for %s', (type) => {
    expect(projectionFor(type)).toEqual({ duty: expect.any(String) });
  });

  it('has no projection for a type outside the catalogue', () => {
    expect(Object.keys(AUDIT_PROJECTIONS).sort()).toEqual([...EVENT_TYPES].sort());
    expect(projectionFor('NoSuchEvent')).toBeUndefined();
    expect(projectionFor('toString')).toBeUndefined();
  });

  it.each(RUNBOOK_ACTIONS.map((a) => [a.action, a.types] as const))('covers the runbook action "%s"', (_action, types) => {
    for (const type of types) {
      expect(Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type)).toBe(true);
      expect(projectionFor(type)).toBeDefined();
    }
  });
});
