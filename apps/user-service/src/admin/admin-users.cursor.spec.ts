import { ServiceError } from '@tr4ction/messaging';
import { decodeCursor, encodeCursor } from './admin-users.service';

describe('admin users cursor', () => {
  it('round-trips an id and is opaque', () => {
    const id = '01a21fca-63bf-71eb-ac91-3d30b682b592';
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it.each(['', '!!!', 'QUFBQQ', 'A'.repeat(65), encodeCursor("1' OR '1'='1")])('refuses %p as VALIDATION_FAILED', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ServiceError);
    try {
      decodeCursor(cursor);
    } catch (err) {
      expect((err as ServiceError).code).toBe('VALIDATION_FAILED');
    }
  });
});
