/** Waiting for a gateway replica a suite launched itself, through the typed client. */
import { waitFor } from '@tr4ction/testing';
import { apiClient } from './api-client';

/** Resolves once the gateway at `baseUrl` answers GET /health/ready with 200 (a refused connection is not yet). */
export async function waitForGateway(baseUrl: string, timeoutMs: number, what = `gateway ${baseUrl}`): Promise<void> {
  await waitFor(
    async () =>
      (
        await apiClient(baseUrl)
          .GET('/health/ready')
          .catch(() => undefined)
      )?.response.status === 200,
    { timeoutMs, what },
  );
}
