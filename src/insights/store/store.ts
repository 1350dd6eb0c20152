/**
 * The insights store: statements in, fused profiles out, over any `SqlClient`. Deduplication,
 * voiding and the latest answer per rater and item are SQL (./sql.ts); fusion is the engine's.
 */
import { buildHistory, buildProfiles, countSkip } from '../evidence/profiles.js';
import { DEFAULT_MAX_STATEMENT_CHARS, StatementReader, extractFact, type AnswerRecord, type FinishRecord, type SkipReason } from '../evidence/read.js';
import type { Checkpoint } from '../lrs/reader.js';
import type { RaterProgress } from '../evidence/requests.js';
import type { SyncStore } from '../lrs/sync.js';
import type { VerifiableStore } from '../lrs/verify.js';
import type { Person, PersonProfile, SkipCounts } from '../types.js';
import { itemIri } from '../../model/iri.js';
import { createHash } from 'node:crypto';
import { bankFor } from '../../assessment/bank.js';
import { FUSION, FUSION_REVISION } from '../../assessment/posterior.js';
import { hash32 } from '../../assessment/random.js';
import { VERSION } from '../../version.js';
import type { Model, Rater } from '../../model/types.js';
import type { StopReason } from '../../assessment/types.js';
import type { SqlClient, SqlValue } from './client.js';
import { ANSWER_FIELDS, ANSWERS_OF_RATER, COUNT_FACTS, COUNT_STORE, GET_FUSED_STATE, SET_FUSED_STATE, FIELD_SEPARATOR, FINISHES, FUSED, GET_WATERMARK, INSERT_SKIP, KEPT_IDS, OPTED_OUT, PEOPLE, RATER_ANSWERS, RECORD_SEPARATOR, REQUEST_PROGRESS, SET_WATERMARK, SKIP_COUNTS, VOIDED_IDS, factRow, upsertFused } from './sql.js';

export interface StoredStatement {
  value: unknown;
  size?: number | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Fused profiles per INSERT (five parameters each: well within PostgreSQL's 65,535). */
const FUSED_PER_INSERT = 500;

/** A person's fused profile as stored between reports (null when the roster left nothing of them), and what fusing skipped. */
interface FusedPerson {
  profile: PersonProfile | null;
  /** Their profiles as of the end of each earlier quarter with evidence (the culture view over time). */
  history: PersonProfile[];
  skipped: SkipCounts;
}

/**
 * What a stored fused profile depends on besides the person's evidence: the model's content, this
 * engine (Pathway's version, the fusion constants and revision) and the roster. A new one re-fuses everyone.
 */
function fusionKey(model: Model, roster: readonly Person[] | undefined): string {
  return createHash('sha256').update(JSON.stringify([VERSION, FUSION_REVISION, FUSION, bankFor(model).fingerprint, roster ?? null])).digest('hex');
}

/** People per `RATER_ANSWERS` query: bounds the database's memory for the packed answers (about 100 MB a slice of 500 at 230 answers each). */
const PEOPLE_PER_QUERY = 500;

/** Fact rows and skips of a batch of statements, as `pathway_facts` and `pathway_skipped` take them. */
class FactBatch {
  readonly rows: SqlValue[][] = [];
  readonly skips: [string, SkipReason][] = [];

  constructor(private readonly maxChars: number) {}

  add(value: unknown, size?: number): void {
    const fact = extractFact(value, this.maxChars, size);
    if (fact === undefined) return;
    if ('skip' in fact) this.skips.push([skipKey(value), fact.skip]);
    else this.rows.push(factRow(fact));
  }
}

/** A skipped statement's key: its id, so that a statement read twice is counted once. */
function skipKey(value: unknown): string {
  const id = str((value as { id?: unknown } | null)?.id);
  return id && id.length <= 64 ? id.toLowerCase() : `unnamed:${hash32(String(JSON.stringify(value)).slice(0, 4096))}`;
}

export class InsightsStore {
  constructor(
    readonly sql: SqlClient,
    private readonly maxStatementChars = DEFAULT_MAX_STATEMENT_CHARS,
    /** People per `RATER_ANSWERS` query (bounds the database's memory). */
    private readonly peoplePerQuery = PEOPLE_PER_QUERY,
  ) {}

  async count(): Promise<number> {
    return Number((await this.sql.query(COUNT_FACTS))[0]!.n);
  }

  /** Adds statements (any order, any repeats): facts and skips, in one transaction; returns how many facts were new. */
  async add(statements: Iterable<StoredStatement>, watermark?: { source: string; checkpoint: Checkpoint }): Promise<number> {
    const batch = new FactBatch(this.maxStatementChars);
    for (const { value, size } of statements) batch.add(value, size);
    return this.store(batch, watermark);
  }

  /**
   * Adds a stream of statements of any length (a large file), a batch of `batchSize` statements per
   * transaction. Each statement is reduced to its fact as it arrives, so only the small fact rows wait
   * for their batch (not the parsed statements). Returns how many statements were read and facts added.
   */
  async addStream(statements: AsyncIterable<StoredStatement> | Iterable<StoredStatement>, batchSize = 50_000): Promise<{ read: number; added: number }> {
    let batch = new FactBatch(this.maxStatementChars);
    let read = 0;
    let added = 0;
    for await (const { value, size } of statements) {
      batch.add(value, size);
      if (++read % batchSize === 0) {
        added += await this.store(batch);
        batch = new FactBatch(this.maxStatementChars);
      }
    }
    added += await this.store(batch);
    return { read, added };
  }

  private store({ rows, skips }: FactBatch, watermark?: { source: string; checkpoint: Checkpoint }): Promise<number> {
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

  /** What `verify` (../lrs/verify.ts) compares with a full read of the LRS that `source` names. */
  verifiable(source: string): VerifiableStore {
    return {
      checkpoint: this.syncStore(source).checkpoint,
      keys: async () => ({
        kept: new Set((await this.sql.query(KEPT_IDS)).map((row) => str(row.id)!)),
        voided: new Set((await this.sql.query(VOIDED_IDS)).map((row) => str(row.voids)!)),
      }),
      keyOf: (statement) => {
        const fact = extractFact(statement, this.maxStatementChars);
        if (fact === undefined) return undefined;
        return 'skip' in fact ? { key: skipKey(statement) } : { key: fact.id, voids: fact.voids };
      },
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

  /** Fused profiles of one model version, earlier profiles of people assessed again (`buildHistory`), and everything left out, by reason. */
  async profiles(model: Model, roster?: readonly Person[]): Promise<{ profiles: PersonProfile[]; history: PersonProfile[]; skipped: SkipCounts }> {
    const modelKey = `${model.id}@${model.version}`;
    const fusion = fusionKey(model, roster);
    // Counted first, so that everything read below is at least as new as the counts a state records.
    const counts = (await this.sql.query(COUNT_STORE))[0]!;
    const state = { facts: Number(counts.facts), skipped: Number(counts.skipped) };
    const { fused, skipped } = (await this.unchanged(modelKey, fusion, state)) ?? (await this.fuse(model, roster, modelKey, fusion, state));
    const optedOut = await this.optedOut();
    // Opt-outs apply when profiles are read, so a stored profile never holds one.
    const profiles: PersonProfile[] = [];
    const history: PersonProfile[] = [];
    for (const { profile, history: earlier, skipped: own } of fused) {
      for (const [reason, n] of Object.entries(own)) countSkip(skipped, reason as SkipReason, n);
      if (profile) profiles.push({ ...profile, optedOut: optedOut.has(profile.person.id) });
      for (const p of earlier) history.push({ ...p, optedOut: optedOut.has(p.person.id) });
    }
    const byId = (a: PersonProfile, b: PersonProfile) => (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0);
    profiles.sort(byId);
    history.sort((a, b) => byId(a, b) || a.assessedAt.localeCompare(b.assessedAt));
    return { profiles, history, skipped };
  }

  /**
   * The stored profiles as they are, when no fact or skip has been added since they were all made with
   * this fusion key (`pathway_fused_state`): a report then scans no facts. Undefined otherwise.
   */
  private async unchanged(modelKey: string, fusion: string, state: { facts: number; skipped: number }): Promise<{ fused: FusedPerson[]; skipped: SkipCounts } | undefined> {
    const row = (await this.sql.query(GET_FUSED_STATE, [modelKey]))[0];
    if (!row || str(row.fusion) !== fusion || Number(row.facts) !== state.facts || Number(row.skipped) !== state.skipped) return undefined;
    const fused: FusedPerson[] = [];
    for (const stored of await this.sql.query(FUSED, [modelKey])) if (str(stored.fusion) === fusion) fused.push(JSON.parse(str(stored.fused)!) as FusedPerson);
    // Profiles stored with this key since (another process, another roster and back) make the number differ: fuse then.
    if (fused.length !== Number(row.people)) return undefined;
    return { fused, skipped: JSON.parse(str(row.skips)!) as SkipCounts };
  }

  /**
   * Every person's profile: a stored one while their evidence digest and the fusion key stand (sql.ts,
   * PEOPLE), otherwise fused again and stored; then the state those profiles were made from.
   */
  private async fuse(model: Model, roster: readonly Person[] | undefined, modelKey: string, fusion: string, state: { facts: number; skipped: number }): Promise<{ fused: FusedPerson[]; skipped: SkipCounts }> {
    const prefix = `${itemIri(model, '')}%`;
    const reader = new StatementReader(model);
    const skipped: SkipCounts = {};
    for (const row of await this.sql.query(SKIP_COUNTS, [model.version, prefix])) if (Number(row.n) > 0) countSkip(skipped, row.reason as SkipReason, Number(row.n));
    const stored = new Map<string, { digest: string; fused: string }>();
    for (const row of await this.sql.query(FUSED, [modelKey])) if (str(row.fusion) === fusion) stored.set(str(row.person)!, { digest: str(row.digest)!, fused: str(row.fused)! });
    const stale: { person: string; digest: string }[] = [];
    const fused: FusedPerson[] = [];
    for (const row of await this.sql.query(PEOPLE, [model.version, prefix])) {
      if (Number(row.answers) === 0) continue;
      const person = str(row.person)!;
      const digest = `${Number(row.n)}/${Number(row.voided)}`;
      const kept = stored.get(person);
      if (kept?.digest === digest) fused.push(JSON.parse(kept.fused) as FusedPerson);
      else stale.push({ person, digest });
    }
    // Attempt ends only matter to the people fused again: a report whose stored profiles all stand does not read them.
    const finishes = new Map<string, FinishRecord[]>();
    for (const row of stale.length > 0 ? await this.sql.query(FINISHES, [model.version]) : []) {
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
      if ('skip' in record || record.kind !== 'finish') continue;
      const list = finishes.get(record.person);
      if (list) list.push(record);
      else finishes.set(record.person, [record]);
    }
    // One person at a time (the raters come ordered by person), so memory holds one person's answers.
    const digests = new Map(stale.map((p) => [p.person, p.digest]));
    const fusedAgain: { person: string; digest: string; value: FusedPerson }[] = [];
    // A person's own skips (answers the reader refuses, as fusing them skips) stay with their stored profile.
    let person: string | undefined;
    let answers: AnswerRecord[] = [];
    let own: SkipCounts = {};
    const flush = () => {
      if (person !== undefined) {
        const ends = finishes.get(person) ?? [];
        const value: FusedPerson = { profile: buildProfiles(model, answers, ends, { roster }, own)[0] ?? null, history: buildHistory(model, answers, ends, { roster }), skipped: own };
        fusedAgain.push({ person, digest: digests.get(person)!, value });
        fused.push(value);
      }
      person = undefined;
      answers = [];
      own = {};
    };
    const take = (fields: readonly unknown[], row: Record<string, unknown>) => {
      const record = reader.accept({
        kind: 'answer',
        id: str(fields[0])!,
        stored: str(fields[1])!,
        registration: str(fields[2]),
        timestamp: str(fields[3]),
        sequence: Number(fields[4]),
        object: str(fields[5]),
        response: str(fields[6]),
        notApplicable: fields[7] === true || fields[7] === '1',
        personName: str(fields[8]) || undefined,
        person: str(row.person),
        rater: str(row.rater) as Rater,
        raterKey: str(row.rater_key),
        modelVersion: model.version,
      });
      if ('skip' in record) countSkip(own, record.skip);
      else if (record.kind === 'answer') answers.push(record);
    };
    const fields = ANSWER_FIELDS.length;
    // Slices of the people to fuse; a slice's range may hold people whose stored profile stands (skipped here).
    for (let from = 0; from < stale.length; from += this.peoplePerQuery) {
      const slice = [model.version, prefix, stale[from]!.person, stale[Math.min(stale.length, from + this.peoplePerQuery) - 1]!.person];
      for await (const row of this.sql.stream(RATER_ANSWERS, slice)) {
        const who = str(row.person)!;
        if (!digests.has(who)) continue;
        if (who !== person) {
          flush();
          person = who;
        }
        const packed = str(row.answers)?.split(RECORD_SEPARATOR).map((a) => a.split(FIELD_SEPARATOR)) ?? [];
        if (packed.length === Number(row.n) && packed.every((a) => a.length === fields)) for (const a of packed) take(a, row);
        else for (const one of await this.sql.query(ANSWERS_OF_RATER, [model.version, prefix, str(row.person)!, str(row.rater)!, str(row.rater_key)!])) take(ANSWER_FIELDS.map((f) => one[f]), row);
      }
      flush();
    }
    for (let i = 0; i < fusedAgain.length; i += FUSED_PER_INSERT) {
      const chunk = fusedAgain.slice(i, i + FUSED_PER_INSERT);
      await this.sql.exec(upsertFused(chunk.length), chunk.flatMap((r) => [modelKey, r.person, fusion, r.digest, JSON.stringify(r.value)]));
    }
    await this.sql.exec(SET_FUSED_STATE, [modelKey, fusion, state.facts, state.skipped, fused.length, JSON.stringify(skipped)]);
    return { fused, skipped };
  }
}
