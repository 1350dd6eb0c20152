/**
 * The standalone delivery mode: a page that loads Pathway with a script tag, outside any LMS.
 * Progress lives in IndexedDB so a reload resumes exactly where the learner stopped; where IndexedDB
 * is unavailable (private mode, Safari in a cross-origin iframe) it lives in memory for this page and
 * the learner is told that a reload will lose it.
 */
import type { Model } from '../model/types.js';
import type { LaunchContext, Progress, Runtime, RuntimeProblem } from './runtime.js';

const DB_NAME = 'pathway';
const STORE = 'progress';

// Plain IndexedDB: three calls on one store do not need a wrapper library before the first question.
const settled = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** A write on the store, done once its transaction has committed. */
async function write(db: IDBDatabase, change: (store: IDBObjectStore) => IDBRequest): Promise<void> {
  const transaction = db.transaction(STORE, 'readwrite');
  change(transaction.objectStore(STORE));
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('the browser aborted the write'));
  });
}

export interface StandaloneOptions {
  /** Distinguishes saved assessments on one origin, e.g. the rater and the person rated. */
  scope?: string;
}

export class StandaloneRuntime implements Runtime {
  readonly kind = 'standalone' as const;
  onProblem?: (problem: RuntimeProblem) => void;
  private db: Promise<IDBDatabase | undefined> | undefined;
  private key = '';
  private memory: Progress | undefined;

  constructor(private readonly options: StandaloneOptions = {}) {}

  private open(): Promise<IDBDatabase | undefined> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
      opening.onsuccess = () => {
        const db = opening.result;
        // Another tab (or a reset) wants the database: let go now, reopen on the next save.
        db.onversionchange = () => {
          db.close();
          this.db = undefined;
        };
        resolve(db);
      };
      opening.onerror = () => reject(opening.error);
    }).catch(() => {
      this.onProblem?.({
        source: 'storage',
        message: 'This browser does not let the page store progress (private browsing or an embedded frame), so reloading the page will start the assessment again.',
        recoverable: false,
      });
      return undefined;
    });
    return this.db;
  }

  async start(model: Model): Promise<LaunchContext> {
    this.key = [model.id, model.version, this.options.scope ?? ''].join('|');
    const db = await this.open();
    const read = async (): Promise<Progress | undefined> => (await settled(db!.transaction(STORE).objectStore(STORE).get(this.key))) as Progress | undefined;
    const resume = db ? await read().catch(() => undefined) : this.memory;
    return { kind: this.kind, mode: 'normal', learner: {}, ...(resume ? { resume } : {}) };
  }

  async save(progress: Progress): Promise<void> {
    this.memory = progress;
    const db = await this.open();
    if (!db) return;
    try {
      await write(db, (store) => store.put(progress, this.key));
    } catch (error) {
      this.onProblem?.({
        source: 'storage',
        message: `Progress could not be saved in this browser (${error instanceof Error ? error.message : String(error)}); it is kept for this page only.`,
        recoverable: false,
      });
    }
  }

  /** Forgets the saved progress (when the learner starts over). */
  async clear(): Promise<void> {
    this.memory = undefined;
    const db = await this.open();
    if (db) await write(db, (store) => store.delete(this.key)).catch(() => undefined);
  }

  async answered(): Promise<void> {}
  async completed(): Promise<void> {}
  async stepProgress(): Promise<void> {}
  async finish(): Promise<void> {}
}
