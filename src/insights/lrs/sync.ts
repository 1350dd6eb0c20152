/**
 * Incremental sync: LRS pages into a store that keeps statements by id and the checkpoint after them.
 * A store saves a page's statements before its checkpoint, so a sync stopped anywhere (a crash, a
 * kill, a network failure) resumes from the last checkpoint without missing a statement; statements
 * read twice are dropped by id.
 */
import type { Checkpoint, LrsStatementReader, StatementQuery } from './reader.js';

export interface SyncStore {
  checkpoint(): Promise<Checkpoint>;
  /** Adds the statements not yet stored (by id), then records the checkpoint. Returns how many were new. */
  save(statements: readonly unknown[], checkpoint: Checkpoint): Promise<number>;
}

export interface SyncProgress {
  pages: number;
  read: number;
  added: number;
  watermark: string | undefined;
}

export interface SyncOptions {
  query?: StatementQuery;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

export async function sync(reader: LrsStatementReader, store: SyncStore, options: SyncOptions = {}): Promise<SyncProgress> {
  const start = await store.checkpoint();
  const progress: SyncProgress = { pages: 0, read: 0, added: 0, watermark: start.watermark };
  for await (const page of reader.pages(start, options.query, options.signal)) {
    progress.added += await store.save(page.statements, page.checkpoint);
    progress.pages++;
    progress.read += page.statements.length;
    progress.watermark = page.checkpoint.watermark;
    options.onProgress?.({ ...progress });
  }
  return progress;
}

/** A store in memory (tests, benchmarks, a browser reading a few people's evidence). */
export class MemorySyncStore implements SyncStore {
  readonly statements = new Map<string, unknown>();
  private saved: Checkpoint = {};

  async checkpoint(): Promise<Checkpoint> {
    return { ...this.saved };
  }

  async save(statements: readonly unknown[], checkpoint: Checkpoint): Promise<number> {
    let added = 0;
    for (const s of statements) {
      const id = String((s as { id?: unknown } | null)?.id ?? '').toLowerCase();
      if (id && !this.statements.has(id)) {
        this.statements.set(id, s);
        added++;
      }
    }
    this.saved = { ...checkpoint };
    return added;
  }
}
