/**
 * The three-way decision on a requirement: "meets", "below" or "not yet sure". One function, so that
 * the results, the profile, the planner, xAPI and the LMS status can never disagree.
 */
import type { Model } from '../model/types.js';
import type { AssessmentResults, Decision, DecisionCounts, RoleCheck } from './types.js';

export interface DecisionThresholds {
  /** P(meets) from which the requirement counts as met. */
  meets: number;
  /** P(meets) up to which it counts as below. */
  below: number;
}

/** The model's `assessment.decision` defaults (docs/assessment.md, "Decisions"). */
export const DEFAULT_DECISION: DecisionThresholds = { meets: 0.8, below: 0.2 };

/** The thresholds a model sets (`assessment.decision`), each defaulted on its own. */
export function decisionThresholds(model: Pick<Model, 'assessment'>): DecisionThresholds {
  const set = model.assessment?.decision;
  return { meets: set?.meets ?? DEFAULT_DECISION.meets, below: set?.below ?? DEFAULT_DECISION.below };
}

export function decide(pMeets: number, thresholds: DecisionThresholds = DEFAULT_DECISION): { decision: Decision; decided: boolean } {
  const decision: Decision = pMeets >= thresholds.meets ? 'meets' : pMeets <= thresholds.below ? 'below' : 'unsure';
  return { decision, decided: decision !== 'unsure' };
}

export function countDecisions(checks: readonly RoleCheck[]): DecisionCounts {
  const counts: DecisionCounts = { meets: 0, below: 0, unsure: 0 };
  for (const c of checks) counts[decisionOf(c)]++;
  return counts;
}

/**
 * The decision of a role check; results saved before decisions existed (no `decision` field) get
 * one from their probability with the default thresholds.
 */
export function decisionOf(check: Pick<RoleCheck, 'pMeets'> & { decision?: Decision }): Decision {
  return check.decision ?? decide(check.pMeets).decision;
}

/** The summary counts of results, computed from the competencies when an older file lacks them. */
export function decisionCounts(results: Pick<AssessmentResults, 'competencies'> & { decisions?: AssessmentResults['decisions'] }, slot: 'current' | 'target'): DecisionCounts | undefined {
  const saved = results.decisions?.[slot];
  if (saved) return saved;
  const checks = results.competencies.flatMap((c) => (c[slot] ? [c[slot]] : []));
  return checks.length > 0 ? countDecisions(checks) : undefined;
}
