/**
 * What the NATS server refused on a connection (permission violations), read from the client's
 * status events. A final publish to a subject nobody may use is the sentinel: the server answers in
 * order, so once its refusal arrives every earlier refusal has too (no waiting for an absence).
 */
import type { NatsConnection } from 'nats';
import { waitFor } from './wait-for';

export interface BusRefusal {
  operation: 'publish' | 'subscribe';
  subject: string;
}

export async function busRefusals(nc: NatsConnection, act: () => void | Promise<void>): Promise<BusRefusal[]> {
  const seen: BusRefusal[] = [];
  const sentinel = `sentinel.${Math.random().toString(36).slice(2)}`;
  const watching = (async () => {
    for await (const s of nc.status()) {
      const ctx = (s as { permissionContext?: { operation: string; subject: string } }).permissionContext;
      if (!ctx) continue;
      seen.push({ operation: ctx.operation === 'publish' ? 'publish' : 'subscribe', subject: ctx.subject });
      if (ctx.subject === sentinel) return;
    }
  })();
  await act();
  nc.publish(sentinel);
  await nc.flush();
  await waitFor(() => seen.some((r) => r.subject === sentinel), { timeoutMs: 10_000, what: 'the sentinel refusal' });
  await watching;
  return seen.filter((r) => r.subject !== sentinel);
}
