/**
 * Builds a service's proof checking (one call from bootstrapService): the access-token judge
 * (local verification with keys from rotation-service and revocations from auth-service, or
 * auth-service's introspection in HS256 mode for services that do not hold the secret), the CLI
 * operator-assertion verifier over the pinned bus public keys, the refusal recorder and the guard.
 */
import type { NatsConnection } from 'nats';
import type { ClientProxy } from '@nestjs/microservices';
import { OPERATOR_ASSERTION_TTL_SECONDS, type BusIdentity } from '@tr4ction/contracts';
import { createRpcClient, type BusConfig, type UnitOfWork } from '@tr4ction/messaging';
import { OperatorAssertionVerifier } from '@tr4ction/security';
import { processMetricsRegistry, type Logger } from '@tr4ction/telemetry';
import type { BusSecurity } from '../bus-security';
import { tokenIssuer } from '../jwt-secret';
import { SigningSecrets } from '../signing-secrets';
import { IntrospectingAccessTokenJudge, LocalAccessTokenJudge, type AccessTokenJudge } from './access-token-judge';
import { RpcProofChecker } from './rpc-proof.checker';
import { RpcProofGuard } from './rpc-proof.guard';
import { RpcRefusalRecorder } from './rpc-refusal.recorder';
import { createTokenVerification, type TokenVerification } from './token-verification';

/** The longest access-token lifetime settings allow: how long a replaced HS256 secret keeps verifying here. */
const LONGEST_ACCESS_TOKEN_SECONDS = 86_400;

export interface RpcProofConfig extends BusConfig {
  ENVIRONMENT: string;
  RPC_TIMEOUT_MS: number;
  RPC_OUTAGE_GRACE_MS: number;
  JWT_ALGORITHM: string;
  ISSUER_URL: string;
  TOKEN_STATE_RESYNC_MS: number;
  RPC_REFUSAL_WINDOW_SECONDS: number;
}

export interface RpcProofSetupDeps {
  /** Also the identity its own RPC client connects as (the permission table's row). */
  service: BusIdentity;
  config: RpcProofConfig;
  /** HS256 mode: this service holds JWT_SECRET_KEY (auth-service) and verifies locally. */
  holdsJwtSecret: boolean;
  nats: NatsConnection;
  /** The process's bus keys: the CLI's pinned public key checks operator assertions, the authenticator the events. */
  bus: BusSecurity;
  unitOfWork: UnitOfWork;
  logger: Logger;
}

export interface RpcProof {
  guard: RpcProofGuard;
  /** The local judge, when this service verifies tokens itself (what `rpc.auth.introspect` answers with). */
  localJudge: LocalAccessTokenJudge | undefined;
  /** Why requests with proof cannot be judged yet (for the readiness probe), or undefined. */
  notReady(): string | undefined;
  /** Loads keys and revocations in the background: the service must already answer requests. */
  start(): void;
  stop(): Promise<void>;
}

export async function setUpRpcProof(deps: RpcProofSetupDeps): Promise<RpcProof> {
  const { config, service, logger } = deps;
  const registry = processMetricsRegistry();
  // Proof is judged on the wall clock: TR4CTION_CLOCK_OFFSET_MS (tests only) moves a service's own
  // schedules (key lifecycles, lockouts), not the expiry of what other services issued.
  const now = Date.now;
  const operators = new OperatorAssertionVerifier(deps.bus.verifier, { maxTtlSeconds: OPERATOR_ASSERTION_TTL_SECONDS, now });

  const { rpc, proxy } = await createRpcClient(config, service, `${service}-proof`, config.RPC_TIMEOUT_MS, config.RPC_OUTAGE_GRACE_MS);
  let verification: TokenVerification | undefined;
  let judge: AccessTokenJudge;
  let localJudge: LocalAccessTokenJudge | undefined;
  if (config.JWT_ALGORITHM === 'HS256' && !deps.holdsJwtSecret) {
    judge = new IntrospectingAccessTokenJudge(rpc, service);
  } else {
    verification = createTokenVerification({
      service,
      algorithm: config.JWT_ALGORITHM,
      secrets: config.JWT_ALGORITHM === 'HS256' ? new SigningSecrets() : undefined,
      nats: deps.nats,
      authenticator: deps.bus.authenticator,
      rpc,
      logger,
      registry,
      resyncMs: config.TOKEN_STATE_RESYNC_MS,
      issuer: tokenIssuer(config),
      accessTokenTtlSeconds: () => LONGEST_ACCESS_TOKEN_SECONDS,
      now,
    });
    judge = localJudge = new LocalAccessTokenJudge(verification);
  }
  const checker = new RpcProofChecker({ tokens: judge, operators });
  const refusals = new RpcRefusalRecorder({ service, unitOfWork: deps.unitOfWork, logger, registry, windowMs: config.RPC_REFUSAL_WINDOW_SECONDS * 1000 });
  return {
    guard: new RpcProofGuard(checker, refusals),
    localJudge,
    notReady: () => judge.notReady(),
    start: () => void verification?.sync.start(),
    stop: async () => {
      verification?.sync.stop();
      // Repeats still counting in an open window are recorded before the relay and the pool go.
      await refusals.flush();
      await (proxy as ClientProxy).close();
    },
  };
}
