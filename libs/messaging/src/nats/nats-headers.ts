import { headers as natsHeaders, type MsgHdrs } from 'nats';
import type { HeaderBag } from '@tr4ction/telemetry';

export function natsHeaderBag(h: MsgHdrs): HeaderBag {
  return { get: (k) => (h.has(k) ? h.get(k) : undefined), set: (k, v) => h.set(k, v) };
}

export function newHeaders(): MsgHdrs {
  return natsHeaders();
}
