import { describe, expect, it } from '@jest/globals';
import { describeChanges } from './history-changes';

describe('user history: what an event changed', () => {
  it('spells a before and after as an arrow, and a first value as the value alone', () => {
    expect(describeChanges({ roles: { before: ['founder'], after: ['admin', 'auditor'] } })).toEqual([{ field: 'roles', text: 'founder → admin, auditor' }]);
    expect(describeChanges({ email: { after: 'ada@example.com' }, name: { after: null } })).toEqual([
      { field: 'email', text: 'ada@example.com' },
      { field: 'name', text: '—' },
    ]);
    expect(describeChanges({ status: { before: 'locked' } })).toEqual([{ field: 'status', text: 'locked → —' }]);
  });

  it('passes other payload fields through as they came', () => {
    expect(describeChanges({ failed_attempts: 5, reason: 'left', scopes: [], detail: { ip: '10.0.0.1' } })).toEqual([
      { field: 'failed_attempts', text: '5' },
      { field: 'reason', text: 'left' },
      { field: 'scopes', text: '(none)' },
      { field: 'detail', text: '{"ip":"10.0.0.1"}' },
    ]);
    expect(describeChanges({})).toEqual([]);
  });
});
