/**
 * Group commit: calls that arrive while a transaction is running wait and are written together by
 * the next one, so a backlog costs one transaction per batch instead of one per event. Each caller
 * gets its own item's result.
 *
 * Linger: an item that finds the group idle waits `lingerMs` for company before the transaction
 * starts. The events of one flow arrive a few milliseconds apart (a login's LoginSucceeded from
 * user-service, then its TokenIssued pair from auth-service), and without it each would pay a whole
 * append transaction of its own. It only delays the record's commit (the projection lag), never the
 * flow that produced the event: that was acknowledged when its outbox row committed.
 *
 * A batch that fails for a reason other than a dependency outage is retried item by item, so one
 * item Postgres refuses cannot take the good ones of its batch down with it (and dead-letter them).
 *
 * Tracing: a transaction runs in the trace context of the item(s) it writes, never in that of
 * whichever caller happened to start the drain. Items of one context (a lone event, or one consumed
 * batch) run in it; items of several contexts run in an `audit append` span that links to each.
 */
import { context, inSpan, trace, type Context, type Link } from '@tr4ction/telemetry';

export interface GroupCommitOptions<T, R> {
  /** Writes the items in one transaction; returns one result per item, in order. */
  commit: (items: T[]) => Promise<R[]>;
  maxBatch: number;
  /** Errors that say "a dependency is away": the whole batch fails and each caller retries later. */
  isTransient: (err: unknown) => boolean;
  /** How long an item that finds the group idle waits for others before its transaction; 0 writes at once. */
  lingerMs?: number;
}

interface Waiting<T, R> {
  item: T;
  /** The submitter's trace context. */
  ctx: Context;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private queue: Array<Waiting<T, R>> = [];
  private running = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    const ctx = context.active();
    const result = new Promise<R>((resolve, reject) => this.queue.push({ item, ctx, resolve, reject }));
    this.startDrain();
    return result;
  }

  /** Several items at once: they go into the same transaction (up to maxBatch), in order. */
  submitAll(items: T[]): Promise<R[]> {
    const ctx = context.active();
    const results = items.map((item) => new Promise<R>((resolve, reject) => this.queue.push({ item, ctx, resolve, reject })));
    this.startDrain();
    return Promise.all(results);
  }

  /** Marked running at once, so whatever arrives during the linger joins this drain's first batch. */
  private startDrain(): void {
    if (this.running) return;
    this.running = true;
    const linger = this.options.lingerMs ?? 0;
    if (linger > 0) setTimeout(() => void this.drain(), linger);
    else void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.running = false;
    }
  }

  /** Commits in the submitters' trace context (see the header). */
  private commitIn(batch: Array<Waiting<T, R>>): Promise<R[]> {
    const items = batch.map((w) => w.item);
    const contexts = [...new Set(batch.map((w) => w.ctx))];
    if (contexts.length === 1) return context.with(contexts[0], () => this.options.commit(items));
    const links: Link[] = [];
    for (const ctx of contexts) {
      const linked = trace.getSpanContext(ctx);
      if (linked) links.push({ context: linked });
    }
    return inSpan('audit append', { parent: contexts[0], links, attributes: { 'tr4ction.audit.batch_size': items.length } }, () => this.options.commit(items));
  }

  private async write(batch: Array<Waiting<T, R>>): Promise<void> {
    try {
      const results = await this.commitIn(batch);
      batch.forEach((w, i) => w.resolve(results[i]));
      return;
    } catch (err) {
      if (batch.length === 1 || this.options.isTransient(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
    }
    for (const w of batch) {
      try {
        const [result] = await this.commitIn([w]);
        w.resolve(result);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
