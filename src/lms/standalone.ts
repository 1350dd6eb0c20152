/**
 * The standalone delivery mode: a page that loads Pathway with a script tag, outside any LMS.
 * Progress lives in IndexedDB so a reload resumes exactly where the learner stopped; where IndexedDB
 * is unavailable (private mode, Safari in a cross-origin iframe) it lives in memory for this page and
 * the learner is told that a reload will lose it.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Model } from '../model/types.js';
import type { LaunchContext, Progress, Runtime, RuntimeProblem } from './runtime.js';

const DB_NAME = 'pathway';
const STORE = 'progress';

export interface StandaloneOptions {
  /** Distinguishes saved assessments on one origin, e.g. the rater and the person rated. */
  scope?: string;
}

export class StandaloneRuntime implements Runtime {
  readonly kind = 'standalone' as const;
  onProblem?: (problem: RuntimeProblem) => void;
  private db: Promise<IDBPDatabase | undefined> | undefined;
  private key = '';
  private memory: Progress | undefined;

  constructor(private readonly options: StandaloneOptions = {}) {}

  private open(): Promise<IDBPDatabase | undefined> {
    this.db ??= openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      },
      // Another tab (or a reset) wants the database: let go now, reopen on the next save.
      blocking: (_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        this.db = undefined;
      },
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
    const resume = db ? ((await db.get(STORE, this.key).catch(() => undefined)) as Progress | undefined) : this.memory;
    return { kind: this.kind, mode: 'normal', learner: {}, ...(resume ? { resume } : {}) };
  }

  async save(progress: Progress): Promise<void> {
    this.memory = progress;
    const db = await this.open();
    if (!db) return;
    try {
      await db.put(STORE, progress, this.key);
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
    await db?.delete(STORE, this.key).catch(() => undefined);
  }

  async answered(): Promise<void> {}
  async completed(): Promise<void> {}
  async stepProgress(): Promise<void> {}
  async finish(): Promise<void> {}
}
