/**
 * The insights report (`pathway-insights-report/1`): what `pathway insights report --json` writes
 * and `<pathway-team>` reads. Plain, serialisable data; levels and intervals, never a response.
 */
import type { Text } from '../../model/types.js';
import type { Cell as GroupCell, StatusCounts } from './privacy.js';
import type { Settings } from './settings.js';
import type { Standing } from './standing.js';

export type { Filter, StatusCounts } from './privacy.js';
export type { Status } from './standing.js';

/** Model text (a string or one per language), untrusted: shown as text, never as HTML. */
export interface CompetencyInfo {
  id: string;
  title: Text;
  group?: string;
  /** The scale's levels; `threshold` is the θ from which someone counts as at that level (null for the lowest). */
  levels: { level: number; label: Text; threshold: number | null }[];
}

export interface RoleInfo {
  id: string;
  title: Text;
  next?: string;
  requirements: { competency: string; level: number; critical: boolean; weight: number }[];
}

/** One person's row of the matrix: where they stand today (standing.ts), and the privacy group they count in. */
export interface PersonRow extends Standing {
  /** The privacy group (a `cells` id) the person is counted in; absent when they are in none (fewer people than the minimum overall). */
  group?: string;
  /** Some sure decision is no longer sure (see `reassessBy`). */
  reassessmentDue: boolean;
}

/**
 * Why a figure is not shown: never a number. `too-few-changed`: a culture period in which fewer than the
 * minimum people changed since the period shown before it (re-assessed or assessed for the first time), so
 * that the difference between the two would be about those few.
 */
export interface Hidden {
  hidden: 'group-below-minimum' | 'too-few-with-evidence' | 'too-few-changed';
  minimum: number;
}

export const isHidden = (x: unknown): x is Hidden => typeof x === 'object' && x !== null && typeof (x as { hidden?: unknown }).hidden === 'string';

export interface CompetencyFigure {
  competency: string;
  /** People counted, mean fused level, people per discrete level. */
  n: number;
  meanLevel: number;
  bands: Record<string, number>;
  /** Bench strength: how many clearly reach the highest level the group's roles require. */
  bench: { level: number; holders: number; risk: 'none' | 'single-holder' | 'ok' } | undefined;
  holders: Record<string, number>;
  due: number;
  current: StatusCounts | Hidden;
  target: StatusCounts | Hidden;
  selfOther: { n: number; blindSpots: number; hiddenStrengths: number } | Hidden;
}

export interface ViewFigures {
  filter: { teams?: string[]; roles?: string[] };
  /** People counted in this view. */
  people: number | Hidden;
  /** Some people matching the filter are counted only in wider views (their group straddles the filter). */
  partial: boolean;
  competencies: { competency: string; figure: CompetencyFigure | Hidden }[];
  /** The most common gaps against the current role (share of people with a requirement who probably do not meet it), largest first. */
  gaps: { competency: string; people: number; of: number; share: number }[];
  /** Team blind spots: share of people compared whose self-view is above the others' by the model's margin, largest first. */
  blindSpots: { competency: string; people: number; of: number; share: number }[];
  readiness: StatusCounts | Hidden;
  culture: { competency: string; periods: { period: string; figure: { n: number; meanLevel: number; bands: Record<string, number> } | Hidden }[] }[];
}

export interface MentorPair {
  mentor: string;
  mentee: string;
  competency: string;
  /** The level the mentee needs (their role's requirement). */
  level: number;
  sameTeam: boolean;
  /** The facts behind the match, for a sentence in the element's language. */
  reason: { menteePMeets: number; mentorPReaches: number; mentorLevel: number; slot: 'current' | 'target' };
}

export interface MentorProposal {
  pairs: MentorPair[];
  /** Mentees with a gap no available mentor clearly covers. */
  unmatched: { mentee: string; competency: string; level: number }[];
  capacity: number;
  /** True when the proposal is proven optimal (the exact matching ran); false for the greedy one on large pools. */
  exact: boolean;
}

export interface RequestStatus {
  person: string;
  at?: string;
  raters: { id: string; name?: string; kind: 'manager' | 'peer'; answered: boolean }[];
}

export interface InsightsReport {
  format: 'pathway-insights-report/1';
  model: { id: string; version: string; title: Text };
  settings: Settings;
  competencies: CompetencyInfo[];
  roles: RoleInfo[];
  teams: string[];
  /** The matrix (absent when the report was built without individuals). */
  people?: PersonRow[];
  /** The groups every figure is summed over (each at least the minimum size). */
  cells: GroupCell[];
  organisation: ViewFigures;
  byTeam: Record<string, ViewFigures>;
  mentors?: MentorProposal;
  requests?: RequestStatus[];
  /** Profiles not used, by reason (another model, an older snapshot, missing person id). */
  skipped: Record<string, number>;
}
