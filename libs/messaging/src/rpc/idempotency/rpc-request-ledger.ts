/**
 * The receiver's side of RPC idempotency, in the service's own schema (`rpc_requests`, one row per
 * key). Every transaction a state-changing request opens first claims the request's key in that
 * same transaction (a TypeORM subscriber on transaction start): the claim commits with the effect
 * or not at all. A second delivery of the key, on any replica, blocks on the unique key while the
 * first is in flight, then finds it claimed: its transaction rolls back and it answers with the
 * first delivery's answer (sealed, see idempotency-key.ts), or, when that answer is not there yet,
 * with a retryable SERVICE_UNAVAILABLE. No effect is applied twice.
 */
import { randomUUID } from 'node:crypto';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
} from 'typeorm';
import { isErrorCode, type RpcErrorPayload } from '@tr4ction/contracts';
import type { Logger } from '@tr4ction/telemetry';
import { ServiceError, toRpcErrorPayload } from '../rpc-errors';
import { idempotencyKeyHash, openAnswer, rpcCallScope, sealAnswer, type RpcCallScope } from './idempotency-key';

/** A delivery found its key claimed by another delivery: nothing it did in this transaction may commit. */
export class DuplicateRpcRequest extends Error {
  constructor() {
    super('This request was already received');
    this.name = 'DuplicateRpcRequest';
  }
}

type Answer = { ok: true; value: unknown } | { ok: false; error: RpcErrorPayload };

interface LedgerRow {
  attempt: string;
  fingerprint: Buffer;
  answer: Buffer | null;
  completed: boolean;
}

export interface RpcRequestLedgerOptions {
  /** How long a duplicate waits for the first delivery's answer before answering "retry". */
  answerWaitMs?: number;
  /** Keys older than this are forgotten (resends come within the callers' outage grace). */
  retainMs?: number;
  /** Answers larger than this are not kept: their duplicates answer "retry". */
  maxAnswerBytes?: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;

export class RpcRequestLedger implements EntitySubscriberInterface {
  readonly table: string;
  private readonly answerWaitMs: number;
  private readonly retainMs: number;
  private readonly maxAnswerBytes: number;
  private pruner?: NodeJS.Timeout;
  /** Claims made in a transaction not yet committed, by its query runner. */
  private readonly uncommittedClaims = new WeakMap<QueryRunner, RpcCallScope>();

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly logger?: Logger,
    options: RpcRequestLedgerOptions = {},
  ) {
    this.table = `"${schema}".rpc_requests`;
    this.answerWaitMs = options.answerWaitMs ?? 3000;
    this.retainMs = options.retainMs ?? 60 * 60_000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? 256 * 1024;
  }

  /** Hooks the claim into every transaction of the (initialized) data source and starts pruning. */
  install(): this {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
    this.pruner ??= setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS).unref();
    return this;
  }

  uninstall(): void {
    const i = this.dataSource.subscribers.indexOf(this);
    if (i >= 0) this.dataSource.subscribers.splice(i, 1);
    clearInterval(this.pruner);
    this.pruner = undefined;
  }

  /** TypeORM calls this right after BEGIN (and each savepoint) on this data source. */
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const scope = rpcCallScope.getStore();
    if (!scope?.open) return;
    // Once this delivery's claim is committed, no other delivery can claim the key: a later
    // transaction of the same delivery (a login's lockout reservation, then its success) skips the
    // two round trips of claiming again.
    if (scope.claimCommitted) return;
    await this.claim(event.queryRunner.manager, scope);
    this.uncommittedClaims.set(event.queryRunner, scope);
  }

  /** A savepoint's release is not a commit: only the outermost COMMIT makes the claim final. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    const scope = this.uncommittedClaims.get(event.queryRunner);
    this.uncommittedClaims.delete(event.queryRunner);
    if (scope) scope.claimCommitted = true;
  }

  /** Any rollback, a savepoint's too, may have undone the claim: the next transaction claims again. */
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.uncommittedClaims.delete(event.queryRunner);
  }

  private async claim(m: EntityManager, scope: RpcCallScope): Promise<void> {
    if (scope.duplicate) throw new DuplicateRpcRequest();
    const hash = idempotencyKeyHash(scope.key);
    // Waits on the unique key while another delivery's transaction holds it; sees its row once it commits.
    const inserted: unknown[] = await m.query(
      `INSERT INTO ${this.table} (key_hash, pattern, fingerprint, attempt) VALUES ($1, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING RETURNING attempt`,
      [hash, scope.pattern, scope.fingerprint, scope.attempt],
    );
    if (inserted.length === 0) {
      const rows: Array<{ attempt: string }> = await m.query(`SELECT attempt FROM ${this.table} WHERE key_hash = $1`, [hash]);
      if (rows[0]?.attempt !== scope.attempt) {
        scope.duplicate = true;
        throw new DuplicateRpcRequest();
      }
    }
    scope.claimed = true;
  }

  /**
   * Runs one delivery of a state-changing request under its key. A key seen before is answered
   * from the ledger without running the handler; otherwise the handler runs and, if it claimed
   * the key (it changed something), its answer or error is kept for the duplicates. The first send
   * of a new key skips the lookup (a round trip that finds nothing): the claim still catches a
   * key that was used after all.
   */
  async serve(pattern: string, key: string, fingerprint: Buffer, handler: () => Promise<unknown>, { firstSend = false } = {}): Promise<unknown> {
    if (!firstSend && (await this.lookup(key))) return this.answerDuplicate(pattern, key, fingerprint);
    const scope: RpcCallScope = { key, pattern, fingerprint, attempt: randomUUID(), open: true, calls: new Map(), claimed: false, duplicate: false, firstSend };
    let answer: Answer;
    let failure: unknown;
    try {
      answer = { ok: true, value: await rpcCallScope.run(scope, handler) };
    } catch (err) {
      failure = err;
      answer = { ok: false, error: toRpcErrorPayload(err) };
    } finally {
      scope.open = false;
    }
    if (scope.duplicate) return this.answerDuplicate(pattern, key, fingerprint);
    if (scope.claimed)
      await this.keep(key, scope.attempt, answer).catch((err: unknown) =>
        this.logger?.warn({ err_name: (err as Error).name, pattern }, 'could not keep an RPC answer for its duplicates'),
      );
    if (!answer.ok) throw failure;
    return answer.value;
  }

  private async keep(key: string, attempt: string, answer: Answer): Promise<void> {
    const sealed = sealAnswer(key, answer);
    await this.dataSource.query(`UPDATE ${this.table} SET answer = $3, completed_at = now() WHERE key_hash = $1 AND attempt = $2`, [
      idempotencyKeyHash(key),
      attempt,
      sealed.length <= this.maxAnswerBytes ? sealed : null,
    ]);
  }

  private async lookup(key: string): Promise<LedgerRow | undefined> {
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT attempt, fingerprint, answer, completed_at IS NOT NULL AS completed FROM ${this.table} WHERE key_hash = $1`,
      [idempotencyKeyHash(key)],
    );
    return rows[0];
  }

  /** The first delivery's answer once it is kept, a refusal if the key came with another request, or "retry". */
  private async answerDuplicate(pattern: string, key: string, fingerprint: Buffer): Promise<unknown> {
    // Seen in the logs after a broker node or a replica died: each line is a request not applied twice.
    this.logger?.info({ pattern }, 'a resent request was answered from the RPC ledger, not applied again');
    const deadline = Date.now() + this.answerWaitMs;
    for (;;) {
      const row = await this.lookup(key);
      if (row && !row.fingerprint.equals(fingerprint)) throw new ServiceError('CONFLICT', 'This idempotency key was used for another request');
      if (row?.answer) {
        const answer = openAnswer(key, row.answer) as Answer;
        if (answer.ok) return answer.value;
        const { code, message, ...extra } = answer.error;
        throw new ServiceError(isErrorCode(code) ? code : 'INTERNAL', message, extra);
      }
      if (row?.completed || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new ServiceError('SERVICE_UNAVAILABLE', 'This request is already being processed; retry shortly', { retry_after_seconds: 1 });
  }

  /** Forgets old keys; any replica may run it, deleting twice is harmless. */
  async prune(): Promise<number> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE created_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.retainMs],
    );
    return affected;
  }
}
