/** Helpers of the identity end-to-end suites: accounts, events and clock moves, over HTTP and SQL. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ApiSchema } from '@tr4ction/http-api';
import type { HttpResult, ServiceStack, StackService } from '@tr4ction/testing';
import { apiClient } from './api-client';

export const STRONG = 'Tidal-Orchid-4821!';

/** A password that passes every profile (long, mixed, not common), different each call. */
export function strongPassword(): string {
  return `Qv7#${randomBytes(9).toString('base64url')}-Lm2!`;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`;
}

/** An openapi-fetch outcome in the shape these helpers have always answered: the body is the data, or the problem. */
function asHttpResult<T>({ data, error, response }: { data?: unknown; error?: unknown; response: Response }): HttpResult<T> {
  const body = (data ?? error) as T;
  return { status: response.status, body, text: body === undefined ? '' : JSON.stringify(body), headers: response.headers };
}

export async function register(baseUrl: string, email: string, password: string): Promise<string> {
  const { data, response } = await apiClient(baseUrl).POST('/auth/register', { body: { email, password } });
  if (!data) throw new Error(`register failed: ${response.status}`);
  return data.id;
}

/** A login's answer: the token pair, or (when refused) the problem's code. */
export type LoginBody = ApiSchema<'TokenPair'> & { code?: string };

export async function login(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<HttpResult<LoginBody>> {
  return asHttpResult<LoginBody>(await apiClient(baseUrl).POST('/auth/login', { body: { email, password }, headers }));
}

export async function token(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await login(baseUrl, email, password);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.access_token;
}

export async function changePassword(baseUrl: string, accessToken: string, current: string, next: string): Promise<HttpResult<Partial<ApiSchema<'Problem'>>>> {
  return asHttpResult(await apiClient(baseUrl, accessToken).POST('/auth/change-password', { body: { current_password: current, new_password: next } }));
}

/** Stops a service and starts it again with extra environment (a clock offset, another profile), then waits for readiness. */
export async function relaunch(stack: ServiceStack, service: StackService, env: Record<string, string>): Promise<void> {
  await stack.stopService(service);
  stack.launch(service, env);
  await stack.waitReady(60_000);
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** Direct SQL on the stack's database, for what HTTP does not show (event counts, hashes). */
export class Db {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<Db> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new Db(client);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** Events user-service wrote for one user (the outbox keeps sent rows for a day). */
  async userEvents(userId: string): Promise<Array<{ type: string; outcome: string; data: Record<string, unknown>; actor: { id: string | null } }>> {
    const rows = await this.query<{ envelope: { type: string; outcome: string; data: Record<string, unknown>; actor: { id: string | null } } }>(
      `SELECT envelope FROM users.outbox WHERE envelope->'subject'->>'id' = $1 ORDER BY position`,
      [userId],
    );
    return rows.map((r) => r.envelope);
  }

  async end(): Promise<void> {
    await this.client.end();
  }
}
