/** From posteriors to the results the elements, the planner and the LMS runtimes read. */
import { thetaToLevel } from '../model/levels.js';
import type { Bank } from './bank.js';
import type { Config } from './config.js';
import type { Evidence } from './evidence.js';
import { expectedShortfall, moments, normalizeLog, probAtLeast, quantile } from './grid.js';
import { compareSelfOther, FUSION, type CompetencyPosterior } from './posterior.js';
import { countDecisions, decide } from './decision.js';
import type { AssessmentResults, CompetencyResult, ProficiencyEstimate, RoleCheck, SelfOtherComparison, SourceView, StopReason } from './types.js';

export interface ResultsMeta {
  completed: boolean;
  stopReason: StopReason | undefined;
  itemsAnswered: number;
}

export function estimate(bank: Bank, c: number, weights: Float64Array): ProficiencyEstimate {
  const { mean, sd } = moments(bank.grid, weights);
  const scale = bank.competencies[c]!.scale;
  const interval: [number, number] = [quantile(bank.grid, weights, 0.05), quantile(bank.grid, weights, 0.95)];
  return {
    theta: round(mean),
    sd: round(sd),
    interval90: [round(interval[0]), round(interval[1])],
    level: round(thetaToLevel(scale, mean)),
    levelInterval90: [round(thetaToLevel(scale, interval[0])), round(thetaToLevel(scale, interval[1]))],
  };
}

/** Results are data for people and LMSs: four decimals are plenty and keep them stable across platforms. */
function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Scratch for view(): its log weights and weights are read only before it returns. */
let viewLog = new Float64Array(0);
let viewWeights = new Float64Array(0);

function view(bank: Bank, c: number, logs: Float64Array[], responses: number, raters: number): SourceView | undefined {
  if (responses === 0) return undefined;
  const q = bank.grid.size;
  if (viewLog.length !== q) {
    viewLog = new Float64Array(q);
    viewWeights = new Float64Array(q);
  }
  const log = viewLog;
  log.set(bank.grid.logPrior);
  for (const l of logs) for (let j = 0; j < q; j++) log[j]! += l[j]!;
  normalizeLog(log, viewWeights);
  // Members listed, in the same order, rather than spread from the estimate (the spread was about half of view()'s own time).
  const e = estimate(bank, c, viewWeights);
  return { theta: e.theta, sd: e.sd, interval90: e.interval90, level: e.level, levelInterval90: e.levelInterval90, responses, raters };
}

export function roleCheck(bank: Bank, config: Config, p: CompetencyPosterior, slot: 'current' | 'target'): RoleCheck | undefined {
  const t = config.thresholds[p.index]!.find((x) => x.slot === slot);
  if (!t) return undefined;
  const pMeets = probAtLeast(bank.grid, p.weights, t.theta);
  const { decision, decided } = decide(pMeets, config.decision);
  return {
    role: t.role!,
    requiredLevel: t.level,
    threshold: t.theta,
    pMeets: round(pMeets),
    expectedShortfall: round(expectedShortfall(bank.grid, p.weights, t.theta)),
    weight: t.weight,
    critical: t.critical,
    decision,
    decided,
  };
}

export function selfOtherFlag(pOver: number, pUnder: number): SelfOtherComparison['flag'] {
  const f = FUSION.flagProbability;
  if (pOver >= f && pOver >= pUnder) return 'blind-spot';
  if (pUnder >= f) return 'hidden-strength';
  if (1 - pOver - pUnder >= FUSION.alignedProbability) return 'aligned';
  return 'unclear';
}

/**
 * `biasInformed`: another competency has both self-report and other evidence, so the learner's
 * self-view bias is known beyond its prior and the self-view can be compared here too.
 */
export function competencyResult(bank: Bank, config: Config, evidence: Evidence, p: CompetencyPosterior, biasInformed = false): CompetencyResult {
  const c = p.index;
  const e = evidence.competencies[c];
  const pairCount = evidence.pairs.filter((o) => bank.items[o.item]!.pair!.includes(c)).length;
  const otherCount = (e ? e.directCount + [...e.observers.values()].reduce((s, g) => s + g.count, 0) : 0) + pairCount;
  const groups = e ? [...e.observers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g) : [];
  const managers = groups.filter((g) => g.rater === 'manager');
  const peers = groups.filter((g) => g.rater === 'peer');
  const sources: CompetencyResult['sources'] = {};
  const self = e && view(bank, c, [e.self], e.selfCount, 1);
  if (self) sources.self = self;
  // Raters behind "others": each manager or peer, plus the learner when their own behaviour (judgement, work samples) is in it.
  const behaviour = pairCount + (e?.directCount ?? 0) > 0 ? 1 : 0;
  const others = view(bank, c, [p.logOther], otherCount, groups.length + behaviour);
  if (others) sources.others = others;
  const manager = view(bank, c, managers.map((g) => g.log), managers.reduce((s, g) => s + g.count, 0), managers.length);
  if (manager) sources.manager = manager;
  if (peers.length >= config.minPeers) {
    const peerView = view(bank, c, peers.map((g) => g.log), peers.reduce((s, g) => s + g.count, 0), peers.length);
    if (peerView) sources.peers = peerView;
  }
  const estimated = estimate(bank, c, p.weights);
  const result: CompetencyResult = {
    competency: bank.competencies[c]!.id,
    theta: estimated.theta,
    sd: estimated.sd,
    interval90: estimated.interval90,
    level: estimated.level,
    levelInterval90: estimated.levelInterval90,
    responses: evidence.counts[c]!,
    sources,
  };
  const current = roleCheck(bank, config, p, 'current');
  const target = roleCheck(bank, config, p, 'target');
  if (current) result.current = current;
  if (target) result.target = target;
  // Without other evidence on this competency, the learner's self-view bias, read where self-report
  // meets other evidence, still tells how far to trust this self-report (the person-level term).
  if (self && (otherCount > 0 || biasInformed)) {
    const cmp = compareSelfOther(bank.grid, p)!;
    result.selfOther = { gap: round(cmp.gap), pOverestimate: round(cmp.pOver), pUnderestimate: round(cmp.pUnder), flag: selfOtherFlag(cmp.pOver, cmp.pUnder) };
  }
  return result;
}

export function buildResults(bank: Bank, config: Config, evidence: Evidence, posteriors: Map<number, CompetencyPosterior>, meta: ResultsMeta): AssessmentResults {
  const shown = [...posteriors.keys()].filter((c) => config.thresholds[c]!.length > 0 || evidence.counts[c]! > 0).sort((a, b) => a - b);
  // Competencies whose self-report can be set against other evidence: they inform the learner's self-view bias.
  const informs = [...posteriors.keys()].filter((c) => {
    const e = evidence.competencies[c];
    return e !== undefined && e.selfCount > 0 && (e.directCount > 0 || e.observers.size > 0);
  });
  const competencies = shown.map((c) => competencyResult(bank, config, evidence, posteriors.get(c)!, informs.some((x) => x !== c)));
  const checks = (slot: 'current' | 'target'): RoleCheck[] => competencies.flatMap((r) => (r[slot] ? [r[slot]] : []));
  const current = checks('current');
  const target = checks('target');
  const weighted = (list: RoleCheck[]): number => list.reduce((s, r) => s + r.weight * r.pMeets, 0) / list.reduce((s, r) => s + r.weight, 0);
  // Every critical requirement met (all requirements when a role marks none critical); competencies
  // are treated as independent here, which slightly understates the joint probability when related.
  const pAll = (list: RoleCheck[]): number | undefined => {
    if (list.length === 0) return undefined;
    const critical = list.filter((r) => r.critical);
    return round((critical.length > 0 ? critical : list).reduce((p, r) => p * r.pMeets, 1));
  };
  let score: number;
  if (current.length > 0) score = weighted(current);
  else if (target.length > 0) score = weighted(target);
  else {
    // No role: the mean position on each competency's scale, 0 (lowest level) to 1 (highest).
    const positions = competencies.map((r) => {
      const levels = bank.competencies[bank.competencyIndex.get(r.competency)!]!.scale.levels;
      const lo = levels[0]!.level;
      const hi = levels[levels.length - 1]!.level;
      return (r.level - lo) / (hi - lo);
    });
    score = positions.length > 0 ? positions.reduce((s, x) => s + x, 0) / positions.length : 0;
  }
  const results: AssessmentResults = {
    format: 'pathway-results/1',
    model: { id: bank.model.id, version: bank.model.version },
    rater: config.rater,
    completed: meta.completed,
    itemsAnswered: meta.itemsAnswered,
    competencies,
    overall: { score: round(score) },
    decisions: {},
  };
  if (current.length > 0) results.decisions.current = countDecisions(current);
  if (target.length > 0) results.decisions.target = countDecisions(target);
  if (config.currentRole !== undefined) results.currentRole = config.currentRole;
  if (config.targetRole !== undefined) results.targetRole = config.targetRole;
  if (meta.stopReason !== undefined) results.stopReason = meta.stopReason;
  const pc = pAll(current);
  const pt = pAll(target);
  if (pc !== undefined) results.overall.pMeetsCurrent = pc;
  if (pt !== undefined) results.overall.pMeetsTarget = pt;
  return results;
}
