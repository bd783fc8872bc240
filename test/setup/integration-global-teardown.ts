import './register-aliases';
import { dropTestDatabase, type Infrastructure } from '@tr4ction/testing';

export default async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropTestDatabase(url).catch(() => undefined);
  const infra = (globalThis as Record<string, unknown>).__TR4CTION_INFRA__ as Infrastructure | undefined;
  await infra?.stop();
}
