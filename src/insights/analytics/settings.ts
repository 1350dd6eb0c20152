/**
 * The settings of the team analytics, with their defaults and why (docs/team.md, "Privacy rules").
 */
import type { PersonProfile } from '../types.js';

export interface InsightsOptions {
  /** Days after which old evidence counts half as much (its precision halves). Default 180. */
  halfLifeDays?: number;
  /** ISO 8601 date the figures are for. Default: the newest evidence in the profiles (so a report is reproducible). */
  now?: string;
  /** No aggregate is shown over fewer people than this. Default 5 (Pluralsight, Lattice, Viva Insights use 5). */
  minGroupSize?: number;
  /** A rater group (peers) smaller than this is left out entirely. Default 3 (the usual 360 rule). */
  minRaterGroup?: number;
  /** How sure a decision must be to count ("clearly meets", "clearly a gap"). Default: the model's confidence, else 0.95. */
  confidence?: number;
  /** Competencies the culture view follows (e.g. value behaviours). Default: every competency. */
  culture?: readonly string[];
  /** Earlier profiles of the same people (re-assessments), for the culture view over time. */
  history?: readonly PersonProfile[];
  /** Mentor matching: mentees per mentor at most (default 2) and what each extra mentee costs (default 0.5). */
  mentorCapacity?: number;
  mentorLoadPenalty?: number;
  /** Whether the report lists individuals (the matrix, mentors) or only group figures (default true). */
  individuals?: boolean;
  /** Rater requests to show the status of (who was asked, who answered); never what anyone answered. */
  requests?: readonly RaterRequestInput[];
}

/** One rater request as the evidence side knows it. */
export interface RaterRequestInput {
  /** Person rated (their agent key). */
  person: string;
  /** When it was made (ISO 8601). */
  at?: string;
  raters: readonly { id: string; name?: string; kind: 'manager' | 'peer'; answeredAt?: string }[];
}

export interface Settings {
  halfLifeDays: number;
  now: string;
  minGroupSize: number;
  minRaterGroup: number;
  confidence: number;
  mentorCapacity: number;
  mentorLoadPenalty: number;
  individuals: boolean;
}

export const INSIGHTS_DEFAULTS = {
  halfLifeDays: 180,
  minGroupSize: 5,
  minRaterGroup: 3,
  confidence: 0.95,
  mentorCapacity: 2,
  mentorLoadPenalty: 0.5,
} as const;

export class InsightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsightsError';
  }
}

function positive(name: string, value: number, integer: boolean): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InsightsError(`${name} must be a positive ${integer ? 'whole number' : 'number'}; got ${String(value)}`);
  }
  return value;
}

export function resolveSettings(options: InsightsOptions, modelConfidence: number | undefined, profiles: readonly PersonProfile[]): Settings {
  const newest = profiles.reduce((max, p) => (p.assessedAt > max ? p.assessedAt : max), '');
  const now = options.now ?? (newest || new Date(0).toISOString());
  if (Number.isNaN(Date.parse(now))) throw new InsightsError(`now must be an ISO 8601 date; got "${now}"`);
  const confidence = options.confidence ?? modelConfidence ?? INSIGHTS_DEFAULTS.confidence;
  if (!(confidence > 0.5 && confidence < 1)) throw new InsightsError(`confidence must be between 0.5 and 1; got ${confidence}`);
  const minGroupSize = positive('minGroupSize', options.minGroupSize ?? INSIGHTS_DEFAULTS.minGroupSize, true);
  return {
    halfLifeDays: positive('halfLifeDays', options.halfLifeDays ?? INSIGHTS_DEFAULTS.halfLifeDays, false),
    now,
    minGroupSize,
    minRaterGroup: positive('minRaterGroup', options.minRaterGroup ?? INSIGHTS_DEFAULTS.minRaterGroup, true),
    confidence,
    mentorCapacity: positive('mentorCapacity', options.mentorCapacity ?? INSIGHTS_DEFAULTS.mentorCapacity, true),
    mentorLoadPenalty: options.mentorLoadPenalty ?? INSIGHTS_DEFAULTS.mentorLoadPenalty,
    individuals: options.individuals ?? true,
  };
}
