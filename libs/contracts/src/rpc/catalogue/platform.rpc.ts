/** What every service answers: the readiness ping and its process metrics. */
import { RPC, SERVICES, type RpcService } from '../patterns';
import { NoArguments, rpc, type RpcEntry } from './rpc-entry';

/** `rpc.<service>.ping`: the service can reach its database and judge proofs. */
export interface PingReply {
  service: string;
  ok: boolean;
  database: boolean;
  /** Set when the database answers but the service is not ready yet (e.g. no signing key). */
  not_ready?: string;
}

/** A process's Prometheus text exposition. */
export interface MetricsExposition {
  content_type: string;
  text: string;
}

type PerService<Pattern extends string, E> = Record<Pattern, E>;

function perService<Pattern extends string, E>(pattern: (s: RpcService) => Pattern, entry: E): PerService<Pattern, E> {
  return Object.fromEntries(SERVICES.map((s) => [pattern(s), entry])) as PerService<Pattern, E>;
}

export const PLATFORM_RPC = {
  ...perService(RPC.ping, rpc(NoArguments).answers<PingReply>()),
  ...perService(RPC.metrics, rpc(NoArguments).answers<MetricsExposition>()),
} satisfies Record<string, RpcEntry<typeof NoArguments, unknown>>;
