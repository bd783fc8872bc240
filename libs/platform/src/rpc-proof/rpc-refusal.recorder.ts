/**
 * Records a refused request as an `RpcRefused` event through the service's own outbox, so the
 * refusal reaches the audit log like any other fact, and counts it. A failure to record is logged
 * and the request is still refused: recording never turns a refusal into an effect.
 *
 * A flood of refused requests must not become a flood of audit records (each one a row in the
 * append-only log, forever). So refusals are collapsed per caller, pattern and reason: the first of
 * a window is recorded at once (an operator sees an attack begin without waiting), the repeats are
 * only counted, and when the window closes one more record carries their `count`, `first_at` and
 * `last_at`. The caller is the actor only when the proof verified it; claimed actors are not
 * believed (an attacker could make up a new one per request), so unverified refusals of a pattern
 * and reason share one window, keeping the first claim. At most two records per key and window;
 * past MAX_OPEN_WINDOWS keys a refusal is logged and counted in the metric instead. Windows live in
 * this replica's memory; `flush()` records every open one at shutdown.
 */
import { Counter, type Registry } from 'prom-client';
import type { RequestMeta } from '@tr4ction/contracts';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import type { ProofDecision } from './rpc-proof.checker';

export type Refusal = Extract<ProofDecision, { allowed: false }>;

export interface RefusalSink {
  record(pattern: string, refusal: Refusal, meta: RequestMeta | undefined): Promise<void>;
}

export const MAX_OPEN_WINDOWS = 10_000;

interface OpenWindow {
  pattern: string;
  refusal: Refusal;
  source: RequestMeta;
  /** Repeats after the first (which is recorded already). */
  repeats: number;
  firstRepeatAt?: Date;
  lastRepeatAt?: Date;
  timer: NodeJS.Timeout;
}

export interface RpcRefusalRecorderDeps {
  service: string;
  unitOfWork: UnitOfWork;
  logger: Logger;
  registry: Registry;
  windowMs: number;
  now?: () => Date;
}

export class RpcRefusalRecorder implements RefusalSink {
  private readonly refused: Counter<'pattern' | 'reason'>;
  private readonly open = new Map<string, OpenWindow>();
  private readonly writing = new Set<Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly deps: RpcRefusalRecorderDeps) {
    this.refused = new Counter({
      name: 'tr4ction_rpc_refused_total',
      help: 'Requests this service refused for want of proof',
      labelNames: ['pattern', 'reason'],
      registers: [deps.registry],
    });
    this.now = deps.now ?? (() => new Date());
  }

  async record(pattern: string, refusal: Refusal, meta: RequestMeta | undefined): Promise<void> {
    this.refused.inc({ pattern, reason: refusal.reason });
    const caller = refusal.actorVerified ? `${refusal.actor.type}:${refusal.actor.id ?? ''}` : 'unverified';
    const key = `${caller} ${pattern} ${refusal.reason}`;
    const at = this.now();
    const window = this.open.get(key);
    if (window) {
      window.repeats += 1;
      window.firstRepeatAt ??= at;
      window.lastRepeatAt = at;
      return;
    }
    const logged = { pattern, reason: refusal.reason, proof: refusal.proof, actor_type: refusal.actor.type, actor_verified: refusal.actorVerified };
    if (this.open.size >= MAX_OPEN_WINDOWS) {
      this.deps.logger.warn(logged, 'request refused (not recorded: too many callers at once)');
      return;
    }
    // Only the address and agent of the claimed metadata are kept, never its proof.
    const source: RequestMeta = {
      actor: refusal.actor,
      ...(typeof meta?.ip === 'string' ? { ip: meta.ip.slice(0, 64) } : {}),
      ...(typeof meta?.user_agent === 'string' ? { user_agent: meta.user_agent.slice(0, 256) } : {}),
    };
    const timer = setTimeout(() => void this.close(key), this.deps.windowMs);
    timer.unref();
    this.open.set(key, { pattern, refusal, source, repeats: 0, timer });
    this.deps.logger.warn(logged, 'request refused: insufficient proof');
    await this.write(pattern, refusal, source, 1, at, at);
  }

  /** Records every open window's repeats now (shutdown) and waits for the writes in flight. */
  async flush(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.close(key)));
    await Promise.allSettled([...this.writing]);
  }

  get openWindows(): number {
    return this.open.size;
  }

  private async close(key: string): Promise<void> {
    const window = this.open.get(key);
    if (!window) return;
    this.open.delete(key);
    clearTimeout(window.timer);
    if (!window.repeats || !window.firstRepeatAt || !window.lastRepeatAt) return;
    this.deps.logger.warn(
      { pattern: window.pattern, reason: window.refusal.reason, count: window.repeats },
      'requests refused: insufficient proof (repeats collapsed)',
    );
    await this.write(window.pattern, window.refusal, window.source, window.repeats, window.firstRepeatAt, window.lastRepeatAt);
  }

  private async write(pattern: string, refusal: Refusal, source: RequestMeta, count: number, firstAt: Date, lastAt: Date): Promise<void> {
    const event = buildEvent(this.deps.service, source, {
      type: 'RpcRefused',
      subject: { type: 'rpc', id: pattern },
      outcome: 'failure',
      data: {
        pattern,
        reason: refusal.reason,
        proof: refusal.proof,
        actor_verified: refusal.actorVerified,
        count,
        first_at: firstAt.toISOString(),
        last_at: lastAt.toISOString(),
      },
    });
    const written = this.deps.unitOfWork
      .run((_m, record) => record([event]))
      .catch((err: unknown) => this.deps.logger.error({ pattern, err_name: (err as Error).name }, 'could not record a refused request'))
      .finally(() => this.writing.delete(written));
    this.writing.add(written);
    await written;
  }
}
