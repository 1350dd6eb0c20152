/**
 * The in-memory evidence store: statements in any order and any number of times → deduplicated,
 * voiding honoured, skips counted → profiles. (`pathway insights` keeps the same records in DuckDB.)
 */
import type { Model } from '../../model/types.js';
import type { PersonProfile, SkipCounts } from '../types.js';
import { buildHistory, buildProfiles, countSkip, optedOutPeople, type ProfileOptions } from './profiles.js';
import { progressOf, type RaterProgress } from './requests.js';
import { StatementReader, type AnswerRecord, type ConsentRecord, type EvidenceRecord, type FinishRecord, type ReadOptions } from './read.js';

export class EvidenceCollector {
  readonly reader: StatementReader;
  readonly skipped: SkipCounts = {};
  private readonly seen = new Set<string>();
  private readonly voided = new Set<string>();
  private readonly answers: AnswerRecord[] = [];
  private readonly finishes: FinishRecord[] = [];
  private readonly consents: ConsentRecord[] = [];
  /** Statements read more than once (an LRS repeating a page, a file holding a statement twice). */
  duplicates = 0;

  constructor(
    readonly model: Model,
    options: ReadOptions = {},
  ) {
    this.reader = new StatementReader(model, options);
  }

  /** Adds one statement (parsed JSON); `size` is its length in characters when known. Returns the record kept, if any. */
  add(statement: unknown, size?: number): EvidenceRecord | undefined {
    const outcome = this.reader.read(statement, size);
    if (outcome === undefined) return undefined;
    if ('skip' in outcome) {
      countSkip(this.skipped, outcome.skip);
      return undefined;
    }
    if (this.seen.has(outcome.id)) {
      this.duplicates++;
      return undefined;
    }
    this.seen.add(outcome.id);
    if (outcome.kind === 'void') this.voided.add(outcome.voids);
    else if (outcome.kind === 'answer') this.answers.push(outcome);
    else if (outcome.kind === 'consent') this.consents.push(outcome);
    else this.finishes.push(outcome);
    return outcome;
  }

  addAll(statements: Iterable<unknown>): this {
    for (const s of statements) this.add(s);
    return this;
  }

  /** Ids of every statement kept so far (answers, attempt ends and voiding statements). */
  ids(): ReadonlySet<string> {
    return this.seen;
  }

  /** Where rater requests stand (who started, who finished), from the live statements that carry a request. */
  requestProgress(): RaterProgress[] {
    const live = (r: { id: string }) => !this.voided.has(r.id);
    return progressOf([...this.answers.filter(live), ...this.finishes.filter(live)]);
  }

  /** People whose latest live opt-out/opt-in statement is an opt-out. */
  optedOut(): Set<string> {
    return optedOutPeople(this.consents.filter((c) => !this.voided.has(c.id)));
  }

  /** Earlier fused profiles of people assessed again, one per earlier quarter with evidence (`buildHistory`). */
  history(options: ProfileOptions = {}): PersonProfile[] {
    const live = <T extends { id: string }>(list: T[]): T[] => list.filter((r) => !this.voided.has(r.id));
    return buildHistory(this.model, live(this.answers), live(this.finishes), { optedOut: this.optedOut(), ...options });
  }

  /** The fused profiles; `skipped` then also counts statements voided and ratings the roster refuses. */
  profiles(options: ProfileOptions = {}): { profiles: PersonProfile[]; skipped: SkipCounts } {
    const skipped: SkipCounts = { ...this.skipped };
    const live = <T extends { id: string }>(list: T[]): T[] => {
      const kept = list.filter((r) => !this.voided.has(r.id));
      if (kept.length < list.length) skipped.voided = (skipped.voided ?? 0) + list.length - kept.length;
      return kept;
    };
    const optedOut = this.optedOut();
    const profiles = buildProfiles(this.model, live(this.answers), live(this.finishes), { optedOut, ...options }, skipped);
    return { profiles, skipped };
  }
}
