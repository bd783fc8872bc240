/** Account helpers for end-to-end tests, all through the public HTTP API. */
import { waitFor } from '@tr4ction/testing';
import { apiClient } from './api-client';

export const ADMIN_EMAIL = 'admin@tr4ction.com';
export const ADMIN_DEFAULT_PASSWORD = 'admin123';

export async function login(
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ status: number; access_token?: string; refresh_token?: string; password_change_required?: boolean }> {
  const { data, response } = await apiClient(baseUrl).POST('/auth/login', { body: { email, password } });
  // A user with a second factor gets an MFA challenge, no tokens: only the status then.
  return { status: response.status, ...(data && 'access_token' in data ? data : {}) };
}

/** Signs in as the seeded admin, doing the forced first-login change if it is still pending. */
export async function adminToken(baseUrl: string, newPassword = 'Blue-Harbor-Lamp-77!'): Promise<string> {
  // A stack that just became ready may still answer 429/503 for a moment under load: wait for a real answer.
  const first = await waitFor(
    async () => {
      const r = await login(baseUrl, ADMIN_EMAIL, ADMIN_DEFAULT_PASSWORD);
      return r.status === 200 || r.status === 401 ? r : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, what: 'the first admin login' },
  );
  if (first.status === 200 && first.password_change_required) {
    const changed = await apiClient(baseUrl, first.access_token).POST('/auth/change-password', {
      body: { current_password: ADMIN_DEFAULT_PASSWORD, new_password: newPassword },
    });
    if (changed.response.status !== 204) throw new Error(`admin password change failed: ${changed.response.status}`);
  }
  const second = await login(baseUrl, ADMIN_EMAIL, newPassword);
  if (second.status !== 200 || !second.access_token) throw new Error(`admin login failed: ${second.status}`);
  return second.access_token;
}
