import { EVENT_TYPES } from '../events/catalogue';
import { BUS_IDENTITIES, isBusIdentity } from './bus-permissions';
import { EVENT_OWNERSHIP, mayProduce, ownerOf, PER_SERVICE_EVENT_TYPES, unownedEventTypes } from './event-ownership';

describe('event ownership', () => {
  it('gives every catalogue type exactly one owner', () => {
    expect(unownedEventTypes()).toEqual([]);
    const claims = BUS_IDENTITIES.flatMap((identity) => EVENT_OWNERSHIP[identity]);
    expect(claims.length).toBe(new Set(claims).size);
    expect(new Set([...claims, ...PER_SERVICE_EVENT_TYPES])).toEqual(new Set(EVENT_TYPES));
  });

  it('lets every service, and only a service, produce records about itself', () => {
    expect(mayProduce('user-service', 'RpcRefused')).toBe(true);
    expect(mayProduce('audit-service', 'RpcRefused')).toBe(true);
    expect(mayProduce('api-gateway', 'RpcRefused')).toBe(false);
    expect(mayProduce('cli', 'RpcRefused')).toBe(false);
    expect(ownerOf('RpcRefused')).toBeUndefined();
  });

  it('lets only the owner produce a type', () => {
    expect(ownerOf('AllTokensRevoked')).toBe('auth-service');
    expect(mayProduce('auth-service', 'AllTokensRevoked')).toBe(true);
    expect(mayProduce('user-service', 'AllTokensRevoked')).toBe(false);
    expect(mayProduce('api-gateway', 'UserRegistered')).toBe(false);
    expect(mayProduce('nobody', 'UserRegistered')).toBe(false);
  });

  it('gives the gateway and the CLI no event types', () => {
    expect(EVENT_OWNERSHIP['api-gateway']).toEqual([]);
    expect(EVENT_OWNERSHIP.cli).toEqual([]);
  });

  it('recognises identities', () => {
    expect(isBusIdentity('rotation-service')).toBe(true);
    expect(isBusIdentity('rotation')).toBe(false);
    expect(isBusIdentity(undefined)).toBe(false);
  });
});
