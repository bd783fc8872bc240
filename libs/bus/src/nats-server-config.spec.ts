import { BUS_IDENTITIES, BUS_PERMISSIONS, RESPONDING_IDENTITIES } from '@tr4ction/contracts';
import { renderNatsServerConfig } from './nats-server-config';

describe(renderNatsServerConfig.name, () => {
  const userKeys = Object.fromEntries(BUS_IDENTITIES.map((id, i) => [id, `U${String(i).repeat(55)}`])) as Record<(typeof BUS_IDENTITIES)[number], string>;
  const servers = RESPONDING_IDENTITIES;
  const responderKeys = Object.fromEntries(servers.map((id, i) => [id, `UR${String(i).repeat(54)}`]));
  const render = (unrestrictedKeys?: string[]) =>
    JSON.parse(
      renderNatsServerConfig({
        host: '127.0.0.1',
        port: 4223,
        storeDir: '/s',
        tls: { certFile: 'c', keyFile: 'k', caFile: 'ca' },
        userKeys,
        responderKeys,
        unrestrictedKeys,
      }).replace(/^#.*\n/, ''),
    ) as {
      tls: Record<string, unknown>;
      authorization: {
        users: Array<{
          nkey: string;
          permissions?: { publish: { allow?: string[]; deny?: string[] }; subscribe: { allow: string[] }; allow_responses?: unknown };
        }>;
      };
      jetstream: { store_dir: string };
    };

  it('requires TLS, has one user per identity with exactly its table row and no response rights, and no anonymous user', () => {
    const config = render();
    expect(config.tls).toMatchObject({ cert_file: 'c', key_file: 'k', ca_file: 'ca' });
    expect(config.jetstream.store_dir).toBe('/s');
    expect(config.authorization.users).toHaveLength(BUS_IDENTITIES.length + servers.length);
    for (const id of BUS_IDENTITIES) {
      const user = config.authorization.users.find((u) => u.nkey === userKeys[id]);
      expect(user?.permissions?.publish.allow).toEqual(BUS_PERMISSIONS[id].publish);
      expect(user?.permissions?.subscribe.allow).toEqual(BUS_PERMISSIONS[id].subscribe);
      expect(user?.permissions?.allow_responses).toBeUndefined();
    }
    expect(JSON.stringify(config)).not.toMatch(/no_auth_user|"user":|"password":/);
  });

  it('gives each identity that serves requests a responder user: its served subjects, one answer per request, nothing else', () => {
    expect(servers).toEqual(['auth-service', 'user-service', 'audit-service', 'rotation-service']);
    const config = render();
    for (const id of servers) {
      const user = config.authorization.users.find((u) => u.nkey === responderKeys[id]);
      expect(user?.permissions).toEqual({
        publish: { deny: ['>'] },
        subscribe: { allow: BUS_PERMISSIONS[id].serves },
        allow_responses: { max: 1, expires: '2m' },
      });
    }
  });

  it('refuses to render a serving identity without its responder key', () => {
    expect(() =>
      renderNatsServerConfig({ host: 'h', port: 1, storeDir: '/s', tls: { certFile: 'c', keyFile: 'k', caFile: 'ca' }, userKeys, responderKeys: {} }),
    ).toThrow(/no responder key for auth-service/);
  });

  it('adds an unrestricted key only when asked (test harnesses)', () => {
    expect(render(['UHARNESS']).authorization.users.find((u) => u.nkey === 'UHARNESS')).toEqual({ nkey: 'UHARNESS' });
  });
});
