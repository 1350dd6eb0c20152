/**
 * The queue's IndexedDB store (through `idb`). One database for every Pathway queue on the origin;
 * each queue (one LRS endpoint and learner) has its own partition, so a tab sends only statements
 * meant for the LRS and credential it holds. Writes resolve only when the transaction is durable.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DeadLetter, QueueStore, QueuedStatement } from './store.js';

interface OutboxRecord extends QueuedStatement {
  seq?: number;
  queue: string;
}

interface DeadRecord extends DeadLetter {
  queue: string;
}

interface PathwayQueueDb extends DBSchema {
  outbox: { key: number; value: OutboxRecord; indexes: { byQueue: [string, number]; byId: [string, string] } };
  dead: { key: [string, string]; value: DeadRecord };
}

export const DATABASE_NAME = 'pathway-xapi';

export class IdbStore implements QueueStore {
  readonly kind = 'indexeddb' as const;

  private constructor(
    private readonly db: IDBPDatabase<PathwayQueueDb>,
    private readonly queue: string,
  ) {}

  /** Opens the database; rejects where IndexedDB is missing or blocked (e.g. some cross-site iframes). */
  static async open(queue: string, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<IdbStore> {
    if (!factory) throw new Error('IndexedDB is not available');
    const previous = globalThis.indexedDB;
    let opening: Promise<IDBPDatabase<PathwayQueueDb>>;
    // idb opens through the global factory; swap in the given one only for the synchronous open call.
    if (factory !== previous) Object.defineProperty(globalThis, 'indexedDB', { value: factory, configurable: true, writable: true });
    try {
      opening = openDB<PathwayQueueDb>(DATABASE_NAME, 1, {
        upgrade(database) {
          const outbox = database.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
          outbox.createIndex('byQueue', ['queue', 'seq']);
          outbox.createIndex('byId', ['queue', 'id'], { unique: true });
          database.createObjectStore('dead', { keyPath: ['queue', 'id'] });
        },
      });
    } finally {
      if (factory !== previous) Object.defineProperty(globalThis, 'indexedDB', { value: previous, configurable: true, writable: true });
    }
    return new IdbStore(await opening, queue);
  }

  async add(entries: readonly QueuedStatement[]): Promise<number> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const byId = tx.store.index('byId');
    let added = 0;
    for (const entry of entries) {
      if ((await byId.getKey([this.queue, entry.id])) !== undefined) continue;
      await tx.store.add({ ...entry, queue: this.queue });
      added++;
    }
    await tx.done;
    return added;
  }

  async peek(limit: number): Promise<QueuedStatement[]> {
    const range = IDBKeyRange.bound([this.queue, 0], [this.queue, Number.MAX_SAFE_INTEGER]);
    const records = await this.db.getAllFromIndex('outbox', 'byQueue', range, limit);
    return records.map(({ id, statement, enqueuedAt }) => ({ id, statement, enqueuedAt }));
  }

  async remove(ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const byId = tx.store.index('byId');
    for (const id of ids) {
      const key = await byId.getKey([this.queue, id]);
      if (key !== undefined) await tx.store.delete(key);
    }
    await tx.done;
  }

  async deadLetter(entry: QueuedStatement, problem: { status?: number; reason: string }): Promise<void> {
    const tx = this.db.transaction(['outbox', 'dead'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const key = await outbox.index('byId').getKey([this.queue, entry.id]);
    if (key !== undefined) await outbox.delete(key);
    const record: DeadRecord = { id: entry.id, statement: entry.statement, enqueuedAt: entry.enqueuedAt, reason: problem.reason, at: new Date().toISOString(), queue: this.queue };
    if (problem.status !== undefined) record.status = problem.status;
    await tx.objectStore('dead').put(record);
    await tx.done;
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const range = IDBKeyRange.bound([this.queue, ''], [this.queue, '\uffff']);
    const records = await this.db.getAll('dead', range);
    return records.map(({ queue: _queue, ...letter }) => letter);
  }

  async clearDeadLetters(ids?: readonly string[]): Promise<void> {
    const tx = this.db.transaction('dead', 'readwrite');
    if (ids) for (const id of ids) await tx.store.delete([this.queue, id]);
    else await tx.store.delete(IDBKeyRange.bound([this.queue, ''], [this.queue, '\uffff']));
    await tx.done;
  }

  async count(): Promise<number> {
    return this.db.countFromIndex('outbox', 'byQueue', IDBKeyRange.bound([this.queue, 0], [this.queue, Number.MAX_SAFE_INTEGER]));
  }

  close(): void {
    this.db.close();
  }
}
