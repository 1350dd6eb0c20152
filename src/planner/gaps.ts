/**
 * Gap analysis: where the learner probably falls short of the current and the target role, by how
 * much in expectation, how much that matters, and where they are comfortably strong.
 */
import { decide, decisionThresholds } from '../assessment/decision.js';
import type { AssessmentResults, CompetencyResult, Decision, RoleCheck } from '../assessment/types.js';
import { LEVEL_SPACING, levelThreshold, thetaToLevel } from '../model/levels.js';
import type { Model, Role } from '../model/types.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { expectedShortfall, probabilityAtLeast, Z90 } from './normal.js';
import { byId, CRITICAL_FACTOR, DEFAULT_CURRENT_ROLE_WEIGHT, GAP_CONFIDENCE, PRIOR_SD, PRIOR_THETA, STRENGTH_CONFIDENCE } from './settings.js';
import type { Gap, Reason, RoleSlot, Strength } from './types.js';

export interface GapOptions {
  /** Overrides the results' current role. */
  currentRole?: string;
  /** Overrides the results' target role (default: the results' target, else the current role's `next`). */
  targetRole?: string;
  /** Weight of the current role, 0–1 (default: the model's `planning.currentRoleWeight`, else 0.4). */
  currentRoleWeight?: number;
}

export interface GapAnalysis {
  currentRole?: string;
  targetRole?: string;
  roleWeights: Partial<Record<RoleSlot, number>>;
  /** Blind spots first, then by priority (highest first). */
  gaps: Gap[];
  strengths: Strength[];
  notes: Reason[];
}

/** What the engine believes about one competency. */
export interface CompetencyState {
  mean: number;
  sd: number;
  result?: CompetencyResult;
  noEvidence: boolean;
  blindSpot: boolean;
  hiddenStrength: boolean;
  /** θ added by completed steps when no new evidence arrived since (re-planning). */
  predictedGain: number;
}

/** One requirement of one role, with its weight in the objective. */
export interface Term {
  competency: number;
  slot: RoleSlot;
  role: string;
  requiredLevel: number;
  threshold: number;
  critical: boolean;
  /** Importance weight × critical factor. */
  importance: number;
  roleWeight: number;
  /** roleWeight × importance: the weight of this term's expected shortfall in the objective. */
  weight: number;
  /** Expected shortfall before the plan. */
  shortfall: number;
  pMeets: number;
  /** The assessment's decision on this requirement (recomputed with the default thresholds after predicted progress). */
  decision: Decision;
}

export interface Analysis {
  index: ModelIndex;
  current?: Role;
  target?: Role;
  roleWeights: Partial<Record<RoleSlot, number>>;
  terms: Term[];
  states: Map<number, CompetencyState>;
  notes: Reason[];
}

/** Gaps and strengths for the current and the target role. Never throws for bad input: problems become notes. */
export function analyseGaps(model: Model, results: AssessmentResults, options: GapOptions = {}): GapAnalysis {
  return publicAnalysis(analyse(indexModel(model), results, options));
}

export function publicAnalysis(analysis: Analysis): GapAnalysis {
  return {
    ...(analysis.current ? { currentRole: analysis.current.id } : {}),
    ...(analysis.target ? { targetRole: analysis.target.id } : {}),
    roleWeights: analysis.roleWeights,
    gaps: gapsOf(analysis),
    strengths: strengthsOf(analysis),
    notes: analysis.notes,
  };
}

function resolveRoles(index: ModelIndex, results: Partial<AssessmentResults>, options: GapOptions, notes: Reason[]): { current?: Role; target?: Role } {
  const lookup = (id: string | undefined, slot: RoleSlot): Role | undefined => {
    if (id === undefined) return undefined;
    const role = index.roles.get(id);
    if (!role) notes.push({ code: 'unknown-role', params: { role: id, slot } });
    return role;
  };
  const current = lookup(options.currentRole ?? results.currentRole, 'current');
  let target = lookup(options.targetRole ?? results.targetRole, 'target');
  const targetGiven = (options.targetRole ?? results.targetRole) !== undefined;
  if (!targetGiven && current?.next !== undefined) {
    target = index.roles.get(current.next);
    if (target) notes.push({ code: 'target-from-next', params: { role: target.id, from: current.id } });
  }
  if (current && target && current.id === target.id) {
    notes.push({ code: 'same-role', params: { role: current.id } });
    target = undefined;
  }
  if (!current && !target) notes.push({ code: 'no-role', params: {} });
  return { ...(current ? { current } : {}), ...(target ? { target } : {}) };
}

function roleWeightsOf(model: Model, current: Role | undefined, target: Role | undefined, options: GapOptions): Partial<Record<RoleSlot, number>> {
  if (current && target) {
    const raw = options.currentRoleWeight ?? model.planning?.currentRoleWeight ?? DEFAULT_CURRENT_ROLE_WEIGHT;
    const alpha = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : DEFAULT_CURRENT_ROLE_WEIGHT;
    return { current: alpha, target: 1 - alpha };
  }
  if (current) return { current: 1 };
  if (target) return { target: 1 };
  return {};
}

function validEstimate(r: CompetencyResult): boolean {
  return Number.isFinite(r.theta) && Number.isFinite(r.sd) && r.sd > 0;
}

/**
 * The analysis the planner builds on. `predicted` adds expected θ gains of completed steps (by
 * competency id) when re-planning without new evidence.
 */
export function analyse(index: ModelIndex, given: AssessmentResults, options: GapOptions, predicted?: ReadonlyMap<string, number>): Analysis {
  const model = index.model;
  // Results come from files and other rooms: tolerate anything, never throw.
  const results: Partial<AssessmentResults> = given !== null && typeof given === 'object' ? given : {};
  const notes: Reason[] = [];
  if (results.model && results.model.id !== model.id) notes.push({ code: 'model-mismatch', params: { expected: model.id, found: String(results.model.id) } });
  else if (results.model && results.model.version !== model.version) notes.push({ code: 'version-mismatch', params: { expected: model.version, found: String(results.model.version) } });
  const byCompetency = new Map<number, CompetencyResult>();
  for (const r of Array.isArray(results.competencies) ? results.competencies : []) {
    if (r === null || typeof r !== 'object') continue;
    const c = index.competencyIndex.get(r.competency);
    if (c === undefined) notes.push({ code: 'unknown-competency', params: { competency: String(r.competency) } });
    else if (!validEstimate(r)) notes.push({ code: 'invalid-estimate', params: { competency: r.competency } });
    else byCompetency.set(c, r);
  }
  const { current, target } = resolveRoles(index, results, options, notes);
  const roleWeights = roleWeightsOf(model, current, target, options);
  const states = new Map<number, CompetencyState>();
  const stateOf = (c: number): CompetencyState => {
    let state = states.get(c);
    if (state) return state;
    const result = byCompetency.get(c);
    const gain = predicted?.get(index.competencyIds[c]!) ?? 0;
    if (!result) notes.push({ code: 'no-evidence', params: { competency: index.competencyIds[c]! } });
    state = {
      mean: (result ? result.theta : PRIOR_THETA) + gain,
      sd: result ? result.sd : PRIOR_SD,
      ...(result ? { result } : {}),
      noEvidence: !result,
      blindSpot: result?.selfOther?.flag === 'blind-spot',
      hiddenStrength: result?.selfOther?.flag === 'hidden-strength',
      predictedGain: gain,
    };
    states.set(c, state);
    return state;
  };
  const terms: Term[] = [];
  const thresholds = decisionThresholds(model);
  const addRole = (role: Role | undefined, slot: RoleSlot): void => {
    if (!role) return;
    const roleWeight = roleWeights[slot] ?? 0;
    for (const req of role.requirements) {
      const c = index.competencyIndex.get(req.competency);
      if (c === undefined) continue;
      const state = stateOf(c);
      const threshold = levelThreshold(index.scales[c]!, req.level);
      const reported = reportedCheck(state, role.id, req.level);
      const pMeets = reported?.pMeets ?? probabilityAtLeast(threshold, state.mean, state.sd);
      const decision = reported?.decision ?? decide(pMeets, thresholds).decision;
      const importance = (req.weight ?? 1) * (req.critical ? CRITICAL_FACTOR : 1);
      terms.push({
        competency: c,
        slot,
        role: role.id,
        requiredLevel: req.level,
        threshold,
        critical: req.critical === true,
        importance,
        roleWeight,
        weight: roleWeight * importance,
        shortfall: expectedShortfall(threshold, state.mean, state.sd),
        pMeets,
        decision,
      });
    }
  };
  addRole(current, 'current');
  addRole(target, 'target');
  return { index, ...(current ? { current } : {}), ...(target ? { target } : {}), roleWeights, terms, states, notes };
}

/**
 * The engine's own check of this requirement (same role and level) when the results carry it and no
 * predicted progress moved the estimate: the pathway then quotes the same P(meets) and decision as the
 * profile (its normal approximation can differ by a point or two; an author's thresholds may differ from
 * the defaults). Results from before decisions existed carry no `decision`: it is worked out from P(meets).
 */
function reportedCheck(state: CompetencyState, role: string, level: number): RoleCheck | undefined {
  if (!state.result || state.predictedGain !== 0) return undefined;
  const check = [state.result.current, state.result.target].find((c) => c?.role === role && c.requiredLevel === level);
  return check && Number.isFinite(check.pMeets) ? check : undefined;
}

function levelAndInterval(analysis: Analysis, c: number): { level: number; interval: [number, number] } {
  const state = analysis.states.get(c)!;
  const scale = analysis.index.scales[c]!;
  if (state.result && state.predictedGain === 0 && Number.isFinite(state.result.level) && Array.isArray(state.result.levelInterval90)) {
    return { level: state.result.level, interval: [state.result.levelInterval90[0], state.result.levelInterval90[1]] };
  }
  return {
    level: thetaToLevel(scale, state.mean),
    interval: [thetaToLevel(scale, state.mean - Z90 * state.sd), thetaToLevel(scale, state.mean + Z90 * state.sd)],
  };
}

function gapsOf(analysis: Analysis): Gap[] {
  const gaps: Gap[] = [];
  for (const term of analysis.terms) {
    if (term.pMeets >= GAP_CONFIDENCE) continue;
    const state = analysis.states.get(term.competency)!;
    const { level, interval } = levelAndInterval(analysis, term.competency);
    gaps.push({
      competency: analysis.index.competencyIds[term.competency]!,
      role: term.role,
      slot: term.slot,
      requiredLevel: term.requiredLevel,
      level,
      levelInterval90: interval,
      pMeets: term.pMeets,
      decision: term.decision,
      expectedShortfall: term.shortfall,
      weight: term.importance,
      critical: term.critical,
      blindSpot: state.blindSpot,
      priority: term.weight * term.shortfall,
      theta: state.mean,
      sd: state.sd,
      threshold: term.threshold,
      ...(state.noEvidence ? { noEvidence: true } : {}),
    });
  }
  return gaps.sort((a, b) => Number(b.blindSpot) - Number(a.blindSpot) || b.priority - a.priority || byId(a.competency, b.competency));
}

function strengthsOf(analysis: Analysis): Strength[] {
  const highest = new Map<number, Term>();
  for (const term of analysis.terms) {
    const seen = highest.get(term.competency);
    if (!seen || term.threshold > seen.threshold) highest.set(term.competency, term);
  }
  const strengths: Strength[] = [];
  for (const [c, term] of highest) {
    const state = analysis.states.get(c)!;
    if (state.noEvidence) continue;
    const scale = analysis.index.scales[c]!;
    // One level above the requirement (the lowest level has no lower threshold to add to).
    const above = Number.isFinite(term.threshold) ? term.threshold + LEVEL_SPACING : levelThreshold(scale, scale.levels[1]!.level);
    const pAbove = probabilityAtLeast(above, state.mean, state.sd);
    const pMeets = probabilityAtLeast(term.threshold, state.mean, state.sd);
    if (pAbove < STRENGTH_CONFIDENCE && !(state.hiddenStrength && pMeets >= STRENGTH_CONFIDENCE)) continue;
    strengths.push({
      competency: analysis.index.competencyIds[c]!,
      level: levelAndInterval(analysis, c).level,
      requiredLevel: term.requiredLevel,
      pAbove,
      hiddenStrength: state.hiddenStrength,
      role: term.role,
    });
  }
  return strengths.sort((a, b) => b.pAbove - a.pAbove || byId(a.competency, b.competency));
}
