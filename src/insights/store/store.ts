/**
 * The insights store: statements in, fused profiles out, over any `SqlClient`. Deduplication,
 * voiding and the latest answer per rater and item are SQL (./sql.ts); fusion is the engine's.
 */
import { buildProfiles, countSkip } from '../evidence/profiles.js';
import { DEFAULT_MAX_STATEMENT_CHARS, StatementReader, extractFact, type AnswerRecord, type FinishRecord, type SkipReason } from '../evidence/read.js';
import type { Checkpoint } from '../lrs/reader.js';
import type { RaterProgress } from '../evidence/requests.js';
import type { SyncStore } from '../lrs/sync.js';
import type { Person, PersonProfile, SkipCounts } from '../types.js';
import { itemIri } from '../../model/iri.js';
import { hash32 } from '../../assessment/random.js';
import type { Model, Rater } from '../../model/types.js';
import type { StopReason } from '../../assessment/types.js';
import type { SqlClient, SqlValue } from './client.js';
import { COUNT_FACTS, FINISHES, OPTED_OUT, REQUEST_PROGRESS, GET_WATERMARK, INSERT_SKIP, LATEST_ANSWERS, SET_WATERMARK, SKIP_COUNTS, factRow } from './sql.js';

export interface StoredStatement {
  value: unknown;
  size?: number | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class InsightsStore {
  constructor(
    readonly sql: SqlClient,
    private readonly maxStatementChars = DEFAULT_MAX_STATEMENT_CHARS,
  ) {}

  async count(): Promise<number> {
    return Number((await this.sql.query(COUNT_FACTS))[0]!.n);
  }

  /** Adds statements (any order, any repeats): facts and skips, in one transaction; returns how many facts were new. */
  async add(statements: Iterable<StoredStatement>, watermark?: { source: string; checkpoint: Checkpoint }): Promise<number> {
    const rows: SqlValue[][] = [];
    const skips: [string, SkipReason][] = [];
    for (const { value, size } of statements) {
      const fact = extractFact(value, this.maxStatementChars, size);
      if (fact === undefined) continue;
      if ('skip' in fact) {
        // Keyed by statement id so that a statement read twice is counted once.
        const id = str((value as { id?: unknown } | null)?.id);
        skips.push([id && id.length <= 64 ? id.toLowerCase() : `unnamed:${hash32(String(JSON.stringify(value)).slice(0, 4096))}`, fact.skip]);
      } else rows.push(factRow(fact));
    }
    return this.sql.transaction(async () => {
      const before = await this.count();
      await this.sql.insertFactRows(rows);
      for (const [id, reason] of skips) await this.sql.exec(INSERT_SKIP, [id, reason]);
      if (watermark) await this.sql.exec(SET_WATERMARK, [watermark.source, watermark.checkpoint.watermark ?? null]);
      return (await this.count()) - before;
    });
  }

  /** A `SyncStore` for one LRS (its endpoint names the checkpoint). */
  syncStore(source: string): SyncStore {
    return {
      checkpoint: async () => ({ watermark: str((await this.sql.query(GET_WATERMARK, [source]))[0]?.watermark) }),
      save: (statements, checkpoint) => this.add(statements.map((value) => ({ value })), { source, checkpoint }),
    };
  }

  /** People whose latest opt-out/opt-in statement is an opt-out. */
  async optedOut(): Promise<Set<string>> {
    return new Set((await this.sql.query(OPTED_OUT)).map((row) => str(row.person)!));
  }

  /** Where rater requests stand, as `EvidenceCollector.requestProgress` gives it. */
  async requestProgress(): Promise<RaterProgress[]> {
    return (await this.sql.query(REQUEST_PROGRESS)).map((row) => ({
      request: str(row.request)!,
      person: str(row.person)!,
      rater: str(row.rater) as Rater,
      raterKey: str(row.rater_key) ?? '',
      finished: Number(row.finished) === 1,
      lastStored: str(row.last_stored)!,
    }));
  }

  /** Fused profiles of one model version, and everything left out, by reason. */
  async profiles(model: Model, roster?: readonly Person[]): Promise<{ profiles: PersonProfile[]; skipped: SkipCounts }> {
    const prefix = `${itemIri(model, '')}%`;
    const reader = new StatementReader(model);
    const skipped: SkipCounts = {};
    for (const row of await this.sql.query(SKIP_COUNTS, [model.version, prefix])) if (Number(row.n) > 0) countSkip(skipped, row.reason as SkipReason, Number(row.n));
    const finishes = new Map<string, FinishRecord[]>();
    for (const row of await this.sql.query(FINISHES, [model.version])) {
      const record = reader.accept({
        kind: 'finish',
        id: str(row.id)!,
        stored: str(row.stored)!,
        person: str(row.person),
        rater: str(row.rater) as Rater,
        registration: str(row.registration),
        timestamp: str(row.ts),
        modelVersion: model.version,
        currentRole: str(row.role_current),
        targetRole: str(row.role_target),
        stopReason: str(row.stop_reason) as StopReason | undefined,
      });
      if (!('skip' in record) && record.kind === 'finish') finishes.set(record.person, [...(finishes.get(record.person) ?? []), record]);
    }
    const optedOut = await this.optedOut();
    // One person at a time (the answers come ordered by person), so memory holds one person's answers.
    const profiles: PersonProfile[] = [];
    let answers: AnswerRecord[] = [];
    const flush = () => {
      if (answers.length > 0) profiles.push(...buildProfiles(model, answers, finishes.get(answers[0]!.person) ?? [], { roster, optedOut }, skipped));
      answers = [];
    };
    for await (const row of this.sql.stream(LATEST_ANSWERS, [model.version, prefix])) {
      const record = reader.accept({
        kind: 'answer',
        id: str(row.id)!,
        stored: str(row.stored)!,
        person: str(row.person),
        personName: str(row.person_name),
        rater: str(row.rater) as Rater,
        raterKey: str(row.rater_key),
        registration: str(row.registration),
        timestamp: str(row.ts),
        sequence: Number(row.seq),
        object: str(row.object),
        response: str(row.response),
        notApplicable: row.not_applicable === true,
        modelVersion: model.version,
      });
      if ('skip' in record) countSkip(skipped, record.skip);
      else if (record.kind === 'answer') {
        if (answers.length > 0 && answers[0]!.person !== record.person) flush();
        answers.push(record);
      }
    }
    flush();
    profiles.sort((a, b) => (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0));
    return { profiles, skipped };
  }
}
