import { BUS_IDENTITIES, BUS_PERMISSIONS } from '@tr4ction/contracts';
import { renderNatsServerConfig } from './nats-server-config';

describe(renderNatsServerConfig.name, () => {
  const userKeys = Object.fromEntries(BUS_IDENTITIES.map((id, i) => [id, `U${String(i).repeat(55)}`])) as Record<(typeof BUS_IDENTITIES)[number], string>;
  const render = (unrestrictedKeys?: string[]) =>
    JSON.parse(
      renderNatsServerConfig({
        host: '127.0.0.1',
        port: 4223,
        storeDir: '/s',
        tls: { certFile: 'c', keyFile: 'k', caFile: 'ca' },
        userKeys,
        unrestrictedKeys,
      }).replace(/^#.*\n/, ''),
    ) as {
      tls: Record<string, unknown>;
      authorization: {
        users: Array<{ nkey: string; permissions?: { publish: { allow: string[] }; subscribe: { allow: string[] }; allow_responses?: unknown } }>;
      };
      jetstream: { store_dir: string };
    };

  it('requires TLS, has one user per identity with exactly its table row, and no anonymous user', () => {
    const config = render();
    expect(config.tls).toMatchObject({ cert_file: 'c', key_file: 'k', ca_file: 'ca' });
    expect(config.jetstream.store_dir).toBe('/s');
    expect(config.authorization.users).toHaveLength(BUS_IDENTITIES.length);
    for (const id of BUS_IDENTITIES) {
      const user = config.authorization.users.find((u) => u.nkey === userKeys[id]);
      expect(user?.permissions?.publish.allow).toEqual(BUS_PERMISSIONS[id].publish);
      expect(user?.permissions?.subscribe.allow).toEqual(BUS_PERMISSIONS[id].subscribe);
      expect(Boolean(user?.permissions?.allow_responses)).toBe(BUS_PERMISSIONS[id].respond);
    }
    expect(JSON.stringify(config)).not.toMatch(/no_auth_user|"user":|"password":/);
  });

  it('adds an unrestricted key only when asked (test harnesses)', () => {
    expect(render(['UHARNESS']).authorization.users.find((u) => u.nkey === 'UHARNESS')).toEqual({ nkey: 'UHARNESS' });
  });
});
