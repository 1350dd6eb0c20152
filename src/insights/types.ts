/**
 * The contract between the two halves of team insights:
 * - the evidence side (statements → per-person fused profiles: `src/insights/evidence/`, `pathway insights sync`),
 * - the analytics side (profiles → team figures with privacy rules: `src/insights/analytics/`, `<pathway-team>`).
 *
 * Everything here is plain, serialisable data, DOM-free, and the same in Node and in browsers.
 */
import type { AssessmentResults } from '../assessment/types.js';

/**
 * A person as a roster or the statements know them. `id` is the canonical key of their xAPI agent
 * (`mbox:mailto:a@example.com`, `mbox_sha1sum:…`, `openid:…`, `account:<homePage>|<name>`), the
 * same key for every statement about them.
 */
export interface Person {
  id: string;
  name?: string;
  team?: string;
  /** The person id of their manager, when the roster gives one. */
  manager?: string;
  role?: string;
  targetRole?: string;
}

/** Who gave evidence about a person, as counts: never who said what. */
export interface SourceCounts {
  self: boolean;
  managers: number;
  /** Distinct peers; peer evidence is shown on its own only from the model's minimum number of peers. */
  peers: number;
}

/** One person's latest fused evidence on one model version: every team view and report is built from these. */
export interface PersonProfile {
  person: Person;
  model: { id: string; version: string };
  /** Fused by the engine from each rater's latest answers (equal to `fuseAssessments` on their saved states). */
  results: AssessmentResults;
  sources: SourceCounts;
  /** ISO 8601 time the newest evidence counted was given: its statement's `timestamp`, never later than its `stored`. */
  assessedAt: string;
  /** ISO 8601 time the oldest evidence counted was given (as `assessedAt`). */
  firstEvidenceAt: string;
  /** The person opted out of aggregates (the profile's opt-out statement): absent from every aggregate. */
  optedOut: boolean;
}

/** What the evidence reader skipped, by reason, so that nothing is dropped silently. */
export interface SkipCounts {
  [reason: string]: number;
}
