/**
 * A team report straight from evidence, for `<pathway-team>` in the browser and for the command
 * line: statements (from an LRS or a statements file) → fused profiles (the evidence reader, roster
 * rules applied) → the insights report (privacy rules applied). Nothing here needs a database.
 */
import type { Model } from '../../model/types.js';
import { EvidenceCollector } from '../evidence/collect.js';
import { statementsOf } from '../evidence/file.js';
import { parseRoster } from '../evidence/roster.js';
import { LrsStatementReader, type LrsSource } from '../lrs/reader.js';
import type { Person, PersonProfile, SkipCounts } from '../types.js';
import { buildInsightsReport } from './report.js';
import type { InsightsOptions } from './settings.js';
import type { InsightsReport } from './types.js';

export interface EvidenceInput {
  /** Read every Pathway statement from this LRS (read access needed; the credential is used for these requests only). */
  lrs?: LrsSource | undefined;
  /** The text of a statements file: a JSON array, an object with `statements`, or NDJSON. */
  statements?: string | undefined;
  /** Who is in the organisation: roster CSV text or people; limits who may rate whom. */
  roster?: string | readonly Person[] | undefined;
  signal?: AbortSignal | undefined;
}

export interface EvidenceReport {
  report: InsightsReport;
  /** Statements and ratings left out, by reason (never their content). */
  skipped: SkipCounts;
  /** Statements read more than once. */
  duplicates: number;
  /** NDJSON lines that were not JSON. */
  badLines: number;
}

/** Profiles with the roster's team, manager and roles laid over what the statements say. */
export function withRoster(profiles: readonly PersonProfile[], roster: readonly Person[] | undefined): PersonProfile[] {
  const byId = new Map((roster ?? []).map((p) => [p.id, p]));
  return profiles.map((p) => (byId.has(p.person.id) ? { ...p, person: { ...byId.get(p.person.id)!, ...p.person } } : p));
}

export async function reportFromEvidence(model: Model, input: EvidenceInput, options: InsightsOptions = {}): Promise<EvidenceReport> {
  if (!input.lrs && input.statements === undefined) throw new RangeError('give an LRS to read or the text of a statements file');
  const roster = typeof input.roster === 'string' ? parseRoster(input.roster) : input.roster;
  const collector = new EvidenceCollector(model);
  let badLines = 0;
  if (input.statements !== undefined) for (const s of statementsOf(input.statements, () => badLines++)) collector.add(s.value, s.size);
  if (input.lrs) {
    const reader = new LrsStatementReader(input.lrs);
    for await (const page of reader.pages({}, {}, input.signal)) collector.addAll(page.statements);
  }
  const { profiles, skipped } = collector.profiles(roster ? { roster } : {});
  // Re-assessments: earlier fused profiles for the culture view over time (privacy rules in the report).
  const history = withRoster(collector.history(roster ? { roster } : {}), roster);
  return { report: buildInsightsReport(model, withRoster(profiles, roster), { history, ...options }), skipped, duplicates: collector.duplicates, badLines };
}

/**
 * Where this module was loaded from, so that a page can read evidence with the same code in a worker
 * (components/team/off-thread.ts), as it validates a model (`validatorUrl`).
 */
export function evidenceReaderUrl(): string {
  return import.meta.url;
}
