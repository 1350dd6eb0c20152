/**
 * Explanations as data. Every reason code and its parameters are listed in docs/planner.md (and in
 * REASON_CODES, which a test keeps in step with the docs); the elements turn them into sentences.
 */
import type { CompetencyResult } from '../assessment/types.js';
import { itemRaters } from '../model/defaults.js';
import { thetaToLevel } from '../model/levels.js';
import type { Analysis, CompetencyState, Term } from './gaps.js';
import type { Reason, Settle } from './types.js';

/** Every reason code the planner emits, by where it appears. */
export const REASON_CODES = {
  why: ['blind-spot', 'awareness', 'closes-gap', 'evidence', 'no-evidence', 'prerequisite-for', 'revisit'],
  what: ['module', 'develops'],
  how: ['modality', 'time', 'first-action', 'launch', 'do-after', 'schedule-after'],
  settle: ['not-yet-sure'],
  uncovered: ['zero-weight', 'no-module', 'no-module-reaches', 'out-of-reach', 'modules-completed', 'budget', 'zero-budget'],
  notes: [
    'unknown-role',
    'no-role',
    'same-role',
    'target-from-next',
    'model-mismatch',
    'version-mismatch',
    'unknown-competency',
    'invalid-estimate',
    'no-evidence',
    'default-budget',
    'zero-budget',
    'no-gaps',
    'no-awareness-module',
    'awareness-over-budget',
    'unknown-module',
    'done-outside-plan',
    'predicted-progress',
    'new-evidence',
  ],
} as const;

/** How sure the estimate is, from its posterior SD (θ units; the population SD is 1). */
export function certainty(sd: number): 'high' | 'moderate' | 'low' {
  return sd <= 0.3 ? 'high' : sd <= 0.5 ? 'moderate' : 'low';
}

/** The evidence behind a competency estimate: how much, from whom, how sure. */
export function evidenceReason(competency: string, state: CompetencyState): Reason {
  const result: CompetencyResult | undefined = state.result;
  if (!result) return { code: 'no-evidence', params: { competency } };
  return {
    code: 'evidence',
    params: {
      competency,
      responses: result.responses,
      sd: state.sd,
      certainty: certainty(state.sd),
      self: result.sources?.self !== undefined,
      others: result.sources?.others !== undefined,
      manager: result.sources?.manager !== undefined,
      peers: result.sources?.peers !== undefined,
    },
  };
}

/** Why a blind spot is one: the self-view against the other evidence. */
export function blindSpotReason(analysis: Analysis, c: number): Reason {
  const state = analysis.states.get(c)!;
  const scale = analysis.index.scales[c]!;
  const comparison = state.result?.selfOther;
  const self = state.result?.sources?.self;
  const others = state.result?.sources?.others;
  return {
    code: 'blind-spot',
    params: {
      competency: analysis.index.competencyIds[c]!,
      gap: comparison?.gap ?? 0,
      pOverestimate: comparison?.pOverestimate ?? 0,
      ...(self ? { selfLevel: Number.isFinite(self.level) ? self.level : thetaToLevel(scale, self.theta) } : {}),
      ...(others ? { othersLevel: Number.isFinite(others.level) ? others.level : thetaToLevel(scale, others.theta) } : {}),
    },
  };
}

/**
 * The evidence that would settle a requirement the assessment is not yet sure about: a manager's view
 * when there is none yet and the model lets managers rate the competency; else a work sample when the
 * model has one for it; else a re-assessment after some practice.
 */
export function settleOf(analysis: Analysis, term: Term): Settle {
  const model = analysis.index.model;
  const competency = analysis.index.competencyIds[term.competency]!;
  const state = analysis.states.get(term.competency)!;
  const items = model.items.filter((i) => i.competency === competency);
  const managerCanRate = items.some((i) => itemRaters(i).includes('manager'));
  const evidence = state.result?.sources?.manager === undefined && managerCanRate ? 'manager' : items.some((i) => i.type === 'evidence') ? 'work-sample' : 'reassess';
  return {
    competency,
    role: term.role,
    slot: term.slot,
    reason: { code: 'not-yet-sure', params: { competency, role: term.role, slot: term.slot, requiredLevel: term.requiredLevel, pMeets: term.pMeets, evidence } },
  };
}
