import { BUS_IDENTITIES, BUS_PERMISSIONS, STREAM_OWNER, busAllows, inboxPrefixFor, subjectWithin } from './bus-permissions';
import { EVENT_TYPES, subjectFor, subjectsFor } from '../events/catalogue';
import { RPC } from '../rpc/patterns';
import { mayProduce, PER_SERVICE_EVENT_TYPES } from './event-ownership';

describe('subjectWithin (NATS wildcard rules)', () => {
  it.each([
    ['a.b.c', 'a.>', true],
    ['a', 'a.>', false],
    ['a.b', 'a.*', true],
    ['a.b.c', 'a.*', false],
    ['a.*', 'a.>', true],
    ['a.>', 'a.*', false],
    ['>', 'a.>', false],
    ['a.b', 'a.b', true],
    ['a.*', 'a.b', false],
  ])('%s within %s: %s', (subject, pattern, expected) => {
    expect(subjectWithin(subject, pattern)).toBe(expected);
  });
});

describe('the bus permission table', () => {
  it("lets nobody read everything, another identity's replies, or delete and purge streams", () => {
    for (const id of BUS_IDENTITIES) {
      expect(busAllows(id, 'subscribe', '>')).toBe(false);
      expect(busAllows(id, 'subscribe', '_INBOX.>')).toBe(false);
      for (const other of BUS_IDENTITIES.filter((o) => o !== id)) expect(busAllows(id, 'subscribe', `${inboxPrefixFor(other)}.x`)).toBe(false);
      expect(busAllows(id, 'publish', '$JS.API.STREAM.DELETE.TR4CTION_EVENTS')).toBe(false);
      expect(busAllows(id, 'publish', '$JS.API.STREAM.PURGE.TR4CTION_EVENTS')).toBe(false);
      expect(busAllows(id, 'publish', '$JS.API.STREAM.MSG.DELETE.TR4CTION_EVENTS')).toBe(false);
      expect(busAllows(id, 'publish', '$JS.API.STREAM.CREATE.TR4CTION_EVENTS')).toBe(id === STREAM_OWNER);
    }
  });

  it('lets exactly the owners of the ownership table publish each event subject (one owner, or every service for RpcRefused), and the gateway and the CLI none', () => {
    for (const type of EVENT_TYPES) {
      const producers = BUS_IDENTITIES.filter((id) => busAllows(id, 'publish', subjectFor(type)));
      const owners = BUS_IDENTITIES.filter((id) => mayProduce(id, type));
      expect({ type, producers }).toEqual({ type, producers: owners });
      expect(producers.length).toBe(PER_SERVICE_EVENT_TYPES.includes(type) ? 4 : 1);
    }
    expect(BUS_PERMISSIONS['api-gateway'].publish.some((p) => p.startsWith('tr4ction.'))).toBe(false);
    expect(BUS_PERMISSIONS.cli.publish.some((p) => p.startsWith('tr4ction.'))).toBe(false);
  });

  it('grants each legacy event subject to exactly those who may publish or subscribe to the current one', () => {
    for (const type of EVENT_TYPES) {
      for (const legacy of subjectsFor(type).slice(1)) {
        for (const id of BUS_IDENTITIES) {
          for (const operation of ['publish', 'subscribe'] as const) {
            expect({ id, operation, legacy, allowed: busAllows(id, operation, legacy) }).toEqual({
              id,
              operation,
              legacy,
              allowed: busAllows(id, operation, subjectFor(type)),
            });
          }
        }
      }
    }
  });

  it('lets only user-service answer user-service patterns, and only auth-service ask it to verify credentials', () => {
    expect(BUS_IDENTITIES.filter((id) => busAllows(id, 'subscribe', RPC.user.verifyCredentials, 'responder'))).toEqual(['user-service']);
    expect(BUS_IDENTITIES.filter((id) => busAllows(id, 'subscribe', RPC.user.verifyCredentials))).toEqual([]);
    expect(BUS_IDENTITIES.filter((id) => busAllows(id, 'publish', RPC.user.verifyCredentials))).toEqual(['auth-service']);
    expect(busAllows('user-service', 'publish', RPC.rotation.rotateKeys)).toBe(false);
    expect(busAllows('cli', 'publish', RPC.user.setRoles)).toBe(false);
  });

  it('keeps requests and everything else on separate logins: the main one serves nothing, the responder publishes nothing', () => {
    for (const id of BUS_IDENTITIES) {
      const p = BUS_PERMISSIONS[id];
      expect(p.subscribe.filter((s) => s.startsWith('rpc.'))).toEqual([]);
      expect(p.serves.every((s) => s.startsWith('rpc.'))).toBe(true);
      expect(busAllows(id, 'publish', `${inboxPrefixFor('api-gateway')}.x`, 'responder')).toBe(false);
      expect(busAllows(id, 'publish', subjectFor('UserRegistered'), 'responder')).toBe(false);
    }
  });
});
