/**
 * Where queued statements wait: the outbox (in order, keyed by statement id) and the dead-letter
 * store for statements the LRS refused. The browser uses IndexedDB (./idb-store.ts); this file has
 * the contract and the in-memory store used where IndexedDB is unavailable and in Node.
 *
 * Nothing here ever holds credentials: only statements, which carry no secrets.
 */
import type { Statement } from './types.js';

export interface QueuedStatement {
  id: string;
  statement: Statement;
  /** When it was stored (ISO 8601). */
  enqueuedAt: string;
}

export interface DeadLetter extends QueuedStatement {
  /** HTTP status the LRS answered, when there was one. */
  status?: number;
  /** The LRS's explanation (or ours), in words. */
  reason: string;
  /** When it was moved here. */
  at: string;
}

export interface QueueStore {
  readonly kind: 'indexeddb' | 'memory';
  /** Stores statements in order; ids already queued are skipped. Resolves once they are durable. Returns how many were added. */
  add(entries: readonly QueuedStatement[]): Promise<number>;
  /** The oldest `limit` statements, in the order they were added. */
  peek(limit: number): Promise<QueuedStatement[]>;
  remove(ids: readonly string[]): Promise<void>;
  /** Moves one statement from the outbox to the dead-letter store, atomically. */
  deadLetter(entry: QueuedStatement, problem: { status?: number; reason: string }): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Forgets dead letters (after an administrator exported them). */
  clearDeadLetters(ids?: readonly string[]): Promise<void>;
  count(): Promise<number>;
  close?(): void;
}

export class MemoryStore implements QueueStore {
  readonly kind = 'memory' as const;
  private readonly outbox = new Map<string, QueuedStatement>();
  private readonly dead = new Map<string, DeadLetter>();

  async add(entries: readonly QueuedStatement[]): Promise<number> {
    let added = 0;
    for (const entry of entries) {
      if (this.outbox.has(entry.id)) continue;
      this.outbox.set(entry.id, entry);
      added++;
    }
    return added;
  }

  async peek(limit: number): Promise<QueuedStatement[]> {
    const result: QueuedStatement[] = [];
    for (const entry of this.outbox.values()) {
      if (result.length >= limit) break;
      result.push(entry);
    }
    return result;
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.outbox.delete(id);
  }

  async deadLetter(entry: QueuedStatement, problem: { status?: number; reason: string }): Promise<void> {
    this.outbox.delete(entry.id);
    this.dead.set(entry.id, { ...entry, ...problem, at: new Date().toISOString() });
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return [...this.dead.values()];
  }

  async clearDeadLetters(ids?: readonly string[]): Promise<void> {
    if (!ids) this.dead.clear();
    else for (const id of ids) this.dead.delete(id);
  }

  async count(): Promise<number> {
    return this.outbox.size;
  }
}
