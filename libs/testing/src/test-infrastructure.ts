/**
 * Where the tests' Postgres and NATS come from: testcontainers where a Docker engine exists,
 * else DATABASE_URL / NATS_URL, else the local defaults (and, for NATS, a private nats-server
 * when the binary is there, so suites never share subjects with a running development stack).
 */
import type { ConnectionOptions } from 'nats';
import { authenticatorFromFile, HARNESS_IDENTITY } from '@tr4ction/bus';
import { PrivateNats, findNatsServer } from './private-nats';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export interface Infrastructure {
  databaseServerUrl: string;
  natsUrl: string;
  /** The secured private server's harness credential and CA (absent for a server given by NATS_URL). */
  natsCredsFile?: string;
  natsCaFile?: string;
  source: 'testcontainers' | 'environment' | 'local';
  stop(): Promise<void>;
}

async function dockerAvailable(): Promise<boolean> {
  if (process.env.TR4CTION_TESTCONTAINERS === 'off') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))]);
    return true;
  } catch {
    return false;
  }
}

async function fromContainers(): Promise<Infrastructure> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const pg = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const nats = await new GenericContainer('nats:2.10')
    .withCommand(['-js'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  return {
    databaseServerUrl: `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`,
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    source: 'testcontainers',
    stop: async () => {
      await nats.stop();
      await pg.stop();
    },
  };
}

export async function resolveInfrastructure(): Promise<Infrastructure> {
  if (await dockerAvailable()) return fromContainers();
  const databaseServerUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (process.env.NATS_URL) return { databaseServerUrl, natsUrl: process.env.NATS_URL, source: 'environment', stop: async () => undefined };
  if (findNatsServer()) {
    const nats = await PrivateNats.start();
    const harness = nats.env(HARNESS_IDENTITY);
    return {
      databaseServerUrl,
      natsUrl: nats.url,
      natsCredsFile: harness.NATS_CREDS_FILE,
      natsCaFile: harness.NATS_TLS_CA_FILE,
      source: process.env.DATABASE_URL ? 'environment' : 'local',
      stop: () => nats.stop(),
    };
  }
  return { databaseServerUrl, natsUrl: DEFAULT_NATS_URL, source: 'local', stop: async () => undefined };
}

/** What integration-global-setup resolved, for integration specs; `natsOptions` connects as the test harness. */
export function integrationEnv(): { databaseUrl: string; natsUrl: string; natsOptions: ConnectionOptions } {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const natsUrl = process.env.TEST_NATS_URL;
  if (!databaseUrl || !natsUrl)
    throw new Error('integration specs run under jest.integration.config.js (globalSetup sets TEST_DATABASE_URL and TEST_NATS_URL)');
  const creds = process.env.TEST_NATS_CREDS_FILE;
  const ca = process.env.TEST_NATS_TLS_CA_FILE;
  const natsOptions: ConnectionOptions = {
    servers: natsUrl,
    ...(creds ? { authenticator: authenticatorFromFile(creds) } : {}),
    ...(ca ? { tls: { caFile: ca } } : {}),
  };
  return { databaseUrl, natsUrl, natsOptions };
}
