/**
 * Builds `AssessmentResults` the way the assessment engine reports them (role checks, intervals,
 * self/other views, blind-spot flags), from a few numbers per competency. Used for the planner's
 * fixtures and generated instances, so every derived field is consistent with θ and its SD.
 */
import { countDecisions, decide } from '../../src/assessment/decision.js';
import type { AssessmentResults, CompetencyResult, RoleCheck, SelfOtherComparison, SourceView } from '../../src/assessment/types.js';
import { levelThreshold, scaleOf, thetaToLevel } from '../../src/model/levels.js';
import type { Model, Rater, Scale } from '../../src/model/types.js';
import { expectedShortfall, normalCdf, probabilityAtLeast, Z90 } from '../../src/planner/normal.js';

export interface SourceSpec {
  theta: number;
  sd: number;
  responses: number;
  raters?: number;
}

export interface CompetencySpec {
  theta: number;
  sd: number;
  responses?: number;
  self?: SourceSpec;
  others?: SourceSpec;
  manager?: SourceSpec;
  peers?: SourceSpec;
}

export interface ResultsSpec {
  currentRole?: string;
  targetRole?: string;
  rater?: Rater;
  completed?: boolean;
  itemsAnswered?: number;
  competencies: Record<string, CompetencySpec>;
}

/** Margin (θ units) by which self must exceed the others for a blind spot; the engine's default. */
const SELF_OTHER_MARGIN = 0.5;
const FLAG_CONFIDENCE = 0.9;

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

function estimate(scale: Scale, theta: number, sd: number) {
  return {
    theta: round(theta),
    sd: round(sd),
    interval90: [round(theta - Z90 * sd), round(theta + Z90 * sd)] as [number, number],
    level: round(thetaToLevel(scale, theta)),
    levelInterval90: [round(thetaToLevel(scale, theta - Z90 * sd)), round(thetaToLevel(scale, theta + Z90 * sd))] as [number, number],
  };
}

function view(scale: Scale, spec: SourceSpec): SourceView {
  return { ...estimate(scale, spec.theta, spec.sd), responses: spec.responses, raters: spec.raters ?? 1 };
}

function compare(self: SourceSpec, others: SourceSpec): SelfOtherComparison {
  const gap = self.theta - others.theta;
  const se = Math.sqrt(self.sd ** 2 + others.sd ** 2);
  const pOverestimate = 1 - normalCdf((SELF_OTHER_MARGIN - gap) / se);
  const pUnderestimate = normalCdf((-SELF_OTHER_MARGIN - gap) / se);
  const flag = pOverestimate >= FLAG_CONFIDENCE ? 'blind-spot' : pUnderestimate >= FLAG_CONFIDENCE ? 'hidden-strength' : Math.abs(gap) < SELF_OTHER_MARGIN && se < 0.6 ? 'aligned' : 'unclear';
  return { gap: round(gap), pOverestimate: round(pOverestimate), pUnderestimate: round(pUnderestimate), flag };
}

export function buildResults(model: Model, spec: ResultsSpec): AssessmentResults {
  const thresholds = { meets: model.assessment?.decision?.meets ?? 0.8, below: model.assessment?.decision?.below ?? 0.2 };
  const roleCheck = (roleId: string | undefined, competency: string, theta: number, sd: number): RoleCheck | undefined => {
    const role = model.roles.find((r) => r.id === roleId);
    const req = role?.requirements.find((r) => r.competency === competency);
    if (!role || !req) return undefined;
    const scale = scaleOf(model, model.competencies.find((c) => c.id === competency));
    const threshold = levelThreshold(scale, req.level);
    const pMeets = probabilityAtLeast(threshold, theta, sd);
    return {
      role: role.id,
      requiredLevel: req.level,
      threshold,
      pMeets: round(pMeets),
      expectedShortfall: round(expectedShortfall(threshold, theta, sd)),
      weight: req.weight ?? 1,
      critical: req.critical === true,
      ...decide(pMeets, thresholds),
    };
  };
  const competencies: CompetencyResult[] = [];
  for (const [id, c] of Object.entries(spec.competencies)) {
    const scale = scaleOf(model, model.competencies.find((x) => x.id === id));
    const current = roleCheck(spec.currentRole, id, c.theta, c.sd);
    const target = roleCheck(spec.targetRole, id, c.theta, c.sd);
    const responses = c.responses ?? (c.self?.responses ?? 0) + (c.others?.responses ?? 0);
    competencies.push({
      competency: id,
      ...estimate(scale, c.theta, c.sd),
      responses,
      ...(current ? { current } : {}),
      ...(target ? { target } : {}),
      sources: {
        ...(c.self ? { self: view(scale, c.self) } : {}),
        ...(c.others ? { others: view(scale, c.others) } : {}),
        ...(c.manager ? { manager: view(scale, c.manager) } : {}),
        ...(c.peers ? { peers: view(scale, c.peers) } : {}),
      },
      ...(c.self && c.others ? { selfOther: compare(c.self, c.others) } : {}),
    });
  }
  const currentChecks = competencies.map((c) => c.current).filter((c): c is RoleCheck => c !== undefined);
  const targetChecks = competencies.map((c) => c.target).filter((c): c is RoleCheck => c !== undefined);
  const weighted = currentChecks.reduce((s, c) => s + c.weight * c.pMeets, 0);
  const weights = currentChecks.reduce((s, c) => s + c.weight, 0);
  const allCritical = (checks: RoleCheck[]): number => round(checks.filter((c) => c.critical).reduce((p, c) => p * c.pMeets, 1));
  return {
    format: 'pathway-results/1',
    model: { id: model.id, version: model.version },
    ...(spec.currentRole ? { currentRole: spec.currentRole } : {}),
    ...(spec.targetRole ? { targetRole: spec.targetRole } : {}),
    rater: spec.rater ?? 'self',
    completed: spec.completed ?? true,
    ...(spec.completed === false ? {} : { stopReason: 'decided' as const }),
    itemsAnswered: spec.itemsAnswered ?? competencies.reduce((n, c) => n + c.responses, 0),
    competencies,
    overall: {
      score: weights > 0 ? round(weighted / weights) : 0,
      ...(currentChecks.length ? { pMeetsCurrent: allCritical(currentChecks) } : {}),
      ...(targetChecks.length ? { pMeetsTarget: allCritical(targetChecks) } : {}),
    },
    decisions: {
      ...(currentChecks.length ? { current: countDecisions(currentChecks) } : {}),
      ...(targetChecks.length ? { target: countDecisions(targetChecks) } : {}),
    },
  };
}
