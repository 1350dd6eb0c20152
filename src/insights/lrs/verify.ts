/**
 * Checking an incremental sync: every statement the store should hold, read again from the LRS in one
 * full pass (same filter), against what the store holds. What an incremental sync can get wrong and a
 * full read shows: a statement an LRS stored late with an earlier `stored` time than the watermark
 * (an LRS that breaks `X-Experience-API-Consistent-Through`), a page an LRS skipped, a store that
 * lost rows. See docs/insights.md, "Checking a sync".
 */
import type { Checkpoint, LrsStatementReader, StatementQuery } from './reader.js';

/** What a store keeps of statements, as the check needs it. */
export interface VerifiableStore {
  checkpoint(): Promise<Checkpoint>;
  /** The key of every statement kept, and the keys voided by a voiding statement kept. */
  keys(): Promise<{ kept: Set<string>; voided: Set<string> }>;
  /** The key the store keeps a statement under (and the key it voids), or undefined for a statement it does not keep. */
  keyOf(statement: unknown): { key: string; voids?: string | undefined } | undefined;
}

export interface Verification {
  /** Statements the full read returned (repeats included). */
  read: number;
  /** Of them, statements the store keeps (Pathway evidence, attempt ends, opt-outs, voiding, skipped ones). */
  kept: number;
  /** In the LRS up to the store's watermark, not in the store. */
  missed: string[];
  /** In the store, not (or no longer) in the LRS, and not voided. */
  extra: string[];
  /** Stored in the LRS after the store's watermark: the next sync reads them (not a mismatch). */
  newer: number;
  watermark: string | undefined;
}

export interface VerifyOptions {
  query?: StatementQuery;
  signal?: AbortSignal;
  onProgress?: (read: number) => void;
}

export async function verify(reader: LrsStatementReader, store: VerifiableStore, options: VerifyOptions = {}): Promise<Verification> {
  const { watermark } = await store.checkpoint();
  const limit = watermark === undefined ? Number.NEGATIVE_INFINITY : Date.parse(watermark);
  const { kept, voided } = await store.keys();
  const inLrs = new Set<string>();
  const missed = new Set<string>();
  let read = 0;
  let newer = 0;
  for await (const page of reader.pages({}, options.query, options.signal)) {
    for (const statement of page.statements) {
      read++;
      const found = store.keyOf(statement);
      if (!found || inLrs.has(found.key)) continue;
      inLrs.add(found.key);
      if (found.voids) voided.add(found.voids);
      if (kept.has(found.key)) continue;
      const stored = Date.parse(String((statement as { stored?: unknown }).stored));
      if (stored > limit) newer++;
      else missed.add(found.key);
    }
    options.onProgress?.(read);
  }
  const extra = [...kept].filter((key) => !inLrs.has(key) && !voided.has(key));
  return { read, kept: inLrs.size, missed: [...missed], extra, newer, watermark };
}
