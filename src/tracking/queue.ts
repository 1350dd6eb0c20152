/**
 * The statement queue: every statement is stored (with its id) before any network call, then sent
 * in batches, oldest first, by one sender at a time.
 *
 * What each answer does: 200 → removed; 409 → already stored, removed (a batch is split first, so a
 * conflict never hides new statements); 400/403 → the batch is bisected down to the statement the
 * LRS refuses, which moves to the dead-letter store and is reported, never dropped; 413 → the batch
 * is split and later batches are smaller (growing back while they are accepted); 401 or a wrong endpoint → sending stops, everything is
 * kept and reported; 5xx, timeouts, offline → retried with capped exponential backoff and jitter.
 *
 * The network logic is plain TypeScript with the store, the transport, the clock and the lock
 * injected, so it runs (and is measured) in Node against a real LRS as well as in browsers.
 */
import type { RuntimeProblem } from '../lms/runtime.js';
import type { DeadLetter, QueueStore, QueuedStatement } from './store.js';
import type { StatementSink } from './tracker.js';
import type { SendOutcome, StatementTransport } from './transport.js';
import type { Statement } from './types.js';

export interface BackoffOptions {
  /** First retry delay, in ms (default 1000). */
  baseMs?: number;
  /** Longest delay, in ms (default 60000). */
  maxMs?: number;
}

export interface QueueOptions {
  store: QueueStore;
  /** The LRS client, or a function that makes it on first use (so the client's code loads lazily). */
  transport: StatementTransport | (() => Promise<StatementTransport>);
  /** Statements per request (default 50). */
  batchSize?: number;
  backoff?: BackoffOptions;
  /** Jitter source (default Math.random). */
  random?: () => number;
  /** Problems worth telling a person about (the element turns them into `pathway-error`). */
  onProblem?: (problem: RuntimeProblem) => void;
  /** Runs a flush while holding a lock shared by every tab (Web Locks in browsers); none in Node. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Whether the device believes it is online (skips doomed attempts; the timer still retries). */
  isOnline?: () => boolean;
  /** Consecutive failed attempts before an outage is reported (default 3). */
  reportAfter?: number;
}

export interface FlushReport {
  /** Statements the LRS confirmed (stored or already there) in this flush. */
  delivered: number;
  deadLettered: number;
  /** Why the flush ended. */
  ended: 'empty' | 'retry-later' | 'stopped' | 'offline';
}

export interface QueueStats {
  requests: number;
  delivered: number;
  deadLettered: number;
  retries: number;
  splits: number;
}

/** Rough size of a statement in a request body, for the 64 KiB keepalive limit. */
const sizeOf = (s: Statement) => JSON.stringify(s).length + 1;
const KEEPALIVE_LIMIT = 60_000;

type Step = 'ok' | 'retry' | 'stop';

export class StatementQueue implements StatementSink {
  readonly store: QueueStore;
  readonly stats: QueueStats = { requests: 0, delivered: 0, deadLettered: 0, retries: 0, splits: 0 };
  private readonly options: QueueOptions;
  private transport: StatementTransport | undefined;
  private transportLoading: Promise<StatementTransport> | undefined;
  private readonly maxBatchSize: number;
  private batchSize: number;
  /** Full batches accepted since the batch size was last halved (after a 413). */
  private sinceShrink = 0;
  private running: Promise<FlushReport> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private outageReported = false;
  private stopped: string | undefined;
  private closed = false;
  /** Statements of this page not yet confirmed, for the best-effort flush on `pagehide`. */
  private readonly unconfirmed = new Map<string, Statement>();
  private readonly inFlight = new Set<string>();
  /** Sent with keepalive while the page goes away, and their bytes (the browser's budget is per page). */
  private readonly sentOnExit = new Set<string>();
  private exitBytes = 0;

  constructor(options: QueueOptions) {
    this.options = options;
    this.store = options.store;
    this.maxBatchSize = Math.max(1, options.batchSize ?? 50);
    this.batchSize = this.maxBatchSize;
    if (typeof options.transport !== 'function') this.transport = options.transport;
  }

  /** Stores the statements (durably, before any network call), then starts sending. */
  async enqueue(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return;
    const enqueuedAt = new Date().toISOString();
    // Known before the store has them: a page that goes away right now still sends them (flushOnExit).
    for (const s of statements) this.unconfirmed.set(s.id, s);
    await this.store.add(statements.map((statement) => ({ id: statement.id, statement, enqueuedAt })));
    // While a retry is scheduled the timer sends; new statements do not hammer a failing LRS.
    if (!this.timer) void this.flush().catch((error: unknown) => this.report({ source: 'lrs', message: `Sending statements failed unexpectedly: ${String(error)}`, recoverable: true }));
  }

  /** Statements waiting to be sent. */
  pending(): Promise<number> {
    return this.store.count();
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.store.deadLetters();
  }

  /** The dead letters as a JSON document an administrator can inspect, fix and re-send. */
  async exportDeadLetters(): Promise<string> {
    const letters = await this.store.deadLetters();
    return JSON.stringify({ format: 'pathway-dead-letters/1', exportedAt: new Date().toISOString(), count: letters.length, statements: letters }, null, 2);
  }

  /** Sends until the outbox is empty or the LRS asks to wait. Concurrent calls share one run. */
  flush(options: { resetBackoff?: boolean } = {}): Promise<FlushReport> {
    if (options.resetBackoff) {
      this.failures = 0;
      this.clearTimer();
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<FlushReport> => {
      const total: FlushReport = { delivered: 0, deadLettered: 0, ended: 'empty' };
      do {
        this.again = false;
        const report = this.options.lock ? await this.options.lock(() => this.drain()) : await this.drain();
        total.delivered += report.delivered;
        total.deadLettered += report.deadLettered;
        total.ended = report.ended;
      } while (this.again && total.ended === 'empty');
      return total;
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Lets sending continue after a 401 or a wrong endpoint (e.g. new credentials were set). */
  resume(transport?: StatementTransport): Promise<FlushReport> {
    if (transport) this.transport = transport;
    this.stopped = undefined;
    return this.flush({ resetBackoff: true });
  }

  /**
   * Best effort while the page goes away: posts the statements of this page that are not yet
   * confirmed with `keepalive`, without waiting. They stay stored, so the next page load sends them
   * again if this request does not arrive; the LRS ignores the repeat (same ids).
   */
  flushOnExit(): void {
    const transport = this.transport;
    if (!transport || this.stopped || this.closed) return;
    // Browsers allow 64 KiB of keepalive bodies in flight per page: send batches up to that.
    const batches: Statement[][] = [[]];
    for (const [id, statement] of this.unconfirmed) {
      // Not twice in one page's exit (several pagehide listeners call this): a repeated id could make
      // the LRS refuse a whole batch with 409.
      if (this.inFlight.has(id) || this.sentOnExit.has(id)) continue;
      if (this.exitBytes + sizeOf(statement) + 2 > KEEPALIVE_LIMIT) break;
      this.exitBytes += sizeOf(statement) + 2;
      this.sentOnExit.add(id);
      if (batches[batches.length - 1]!.length >= this.batchSize) batches.push([]);
      batches[batches.length - 1]!.push(statement);
    }
    for (const batch of batches) {
      if (batch.length === 0) continue;
      this.stats.requests++;
      void transport.send(batch, { keepalive: true }).catch(() => undefined);
    }
  }

  /** Stops timers; stored statements stay for the next page load. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    this.store.close?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private report(problem: RuntimeProblem): void {
    this.options.onProblem?.(problem);
  }

  private async getTransport(): Promise<StatementTransport> {
    if (this.transport) return this.transport;
    const make = this.options.transport as () => Promise<StatementTransport>;
    this.transportLoading ??= make().finally(() => {
      this.transportLoading = undefined;
    });
    this.transport = await this.transportLoading;
    return this.transport;
  }

  private async drain(): Promise<FlushReport> {
    const report: FlushReport = { delivered: 0, deadLettered: 0, ended: 'empty' };
    if (this.closed) return { ...report, ended: 'stopped' };
    if (this.stopped) return { ...report, ended: 'stopped' };
    if (this.options.isOnline && !this.options.isOnline()) {
      this.scheduleRetry();
      return { ...report, ended: 'offline' };
    }
    for (;;) {
      const batch = await this.store.peek(this.batchSize);
      if (batch.length === 0) return report;
      let transport: StatementTransport;
      try {
        transport = await this.getTransport();
      } catch (error) {
        this.onFailure(`Could not reach the LRS: ${error instanceof Error ? error.message : String(error)}`);
        return { ...report, ended: 'retry-later' };
      }
      const step = await this.sendRange(transport, batch, report);
      if (step === 'retry') return { ...report, ended: 'retry-later' };
      if (step === 'stop') return { ...report, ended: 'stopped' };
      this.failures = 0;
      this.outageReported = false;
      if (this.closed) return { ...report, ended: 'stopped' };
    }
  }

  private async attempt(transport: StatementTransport, entries: readonly QueuedStatement[]): Promise<SendOutcome> {
    this.stats.requests++;
    for (const e of entries) this.inFlight.add(e.id);
    try {
      return await transport.send(entries.map((e) => e.statement));
    } catch (error) {
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    } finally {
      for (const e of entries) this.inFlight.delete(e.id);
    }
  }

  private async confirmed(entries: readonly QueuedStatement[], report: FlushReport): Promise<void> {
    await this.store.remove(entries.map((e) => e.id));
    for (const e of entries) this.unconfirmed.delete(e.id);
    report.delivered += entries.length;
    this.stats.delivered += entries.length;
  }

  /** Sends entries in order; splits on 409/400/403/413 until the offending statement is alone. */
  private async sendRange(transport: StatementTransport, entries: readonly QueuedStatement[], report: FlushReport): Promise<Step> {
    const outcome = await this.attempt(transport, entries);
    switch (outcome.kind) {
      case 'stored':
        await this.confirmed(entries, report);
        // After a 413 the batch size halves; it grows back while full batches keep being accepted.
        if (entries.length >= this.batchSize && this.batchSize < this.maxBatchSize && ++this.sinceShrink >= 8) {
          this.batchSize = Math.min(this.maxBatchSize, this.batchSize * 2);
          this.sinceShrink = 0;
        }
        return 'ok';
      case 'conflict':
      case 'rejected':
      case 'too-large': {
        if (entries.length > 1) {
          this.stats.splits++;
          if (outcome.kind === 'too-large') {
            this.batchSize = Math.max(1, Math.min(this.batchSize, Math.floor(entries.length / 2)));
            this.sinceShrink = 0;
          }
          const middle = Math.ceil(entries.length / 2);
          for (const half of [entries.slice(0, middle), entries.slice(middle)]) {
            const step = await this.sendRange(transport, half, report);
            if (step !== 'ok') return step;
          }
          return 'ok';
        }
        const entry = entries[0]!;
        if (outcome.kind === 'conflict') {
          // Already stored under this id (an earlier attempt whose answer was lost, or a replay).
          await this.confirmed(entries, report);
          return 'ok';
        }
        const status = outcome.kind === 'rejected' ? outcome.status : 413;
        const reason = outcome.kind === 'too-large' ? `too large for the LRS even on its own: ${outcome.message}` : outcome.message;
        await this.store.deadLetter(entry, { status, reason });
        this.unconfirmed.delete(entry.id);
        report.deadLettered++;
        this.stats.deadLettered++;
        this.report({
          source: 'lrs',
          code: status,
          recoverable: false,
          message: `The LRS refused statement ${entry.id} (${entry.statement.verb.id} ${entry.statement.object.id}) with ${status}: ${reason}. It is kept in the dead-letter store; export it with exportDeadLetters().`,
        });
        return 'ok';
      }
      case 'unauthorized':
      case 'misconfigured':
        this.stopped = outcome.message;
        this.report({
          source: 'lrs',
          code: outcome.status,
          recoverable: true,
          message:
            outcome.kind === 'unauthorized'
              ? `The LRS did not accept the credentials (${outcome.status}). Statements are kept on this device and sent once valid credentials are given.`
              : `The LRS endpoint answered ${outcome.status} (${outcome.message}); check the endpoint. Statements are kept on this device.`,
        });
        return 'stop';
      case 'retry':
        this.onFailure(outcome.message, outcome.status);
        return 'retry';
    }
  }

  private onFailure(message: string, status?: number): void {
    this.failures++;
    this.stats.retries++;
    if (this.failures >= (this.options.reportAfter ?? 3) && !this.outageReported) {
      this.outageReported = true;
      this.report({
        source: 'lrs',
        ...(status !== undefined ? { code: status } : {}),
        recoverable: true,
        message: `The LRS cannot be reached (${message}). Statements are kept on this device and sent when it answers again.`,
      });
    }
    this.scheduleRetry();
  }

  /** Capped exponential backoff with "equal jitter": half the delay fixed, half random. */
  retryDelay(failures = this.failures): number {
    const base = this.options.backoff?.baseMs ?? 1000;
    const max = this.options.backoff?.maxMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** Math.max(0, failures - 1));
    return delay / 2 + ((this.options.random ?? Math.random)() * delay) / 2;
  }

  private scheduleRetry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, this.retryDelay(Math.max(1, this.failures)));
  }
}
