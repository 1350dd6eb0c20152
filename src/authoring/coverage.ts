/**
 * Coverage of an assessment, per competency a role requires: how many items the learner's own form
 * and the observers' forms hold, how many are not self-report (situational judgement, forced choice,
 * work samples: what can reveal a blind spot), and how many items the engine would need for a sure
 * decision — from the items' own Fisher information at the role threshold, as the engine scores them.
 */
import { bankFor } from '../assessment/bank.js';
import { DEFAULT_SETTINGS } from '../assessment/config.js';
import { itemRaters } from '../model/defaults.js';
import { resolveText } from '../model/text.js';
import type { Model } from '../model/types.js';

export interface CompetencyCoverage {
  competency: string;
  title: string;
  /** Highest level any role requires. */
  requiredLevel: number;
  selfItems: number;
  observerItems: number;
  /** Items that are not self-report: situational judgement, forced choice, work samples. */
  nonSelfEvidence: number;
  /**
   * Fewest self-form items (most informative first) for a sure decision about a learner one level
   * from the requirement; `null` when even every item is not enough.
   */
  itemsNeeded: number | null;
  drafts: number;
}

export interface CoverageReport {
  competencies: CompetencyCoverage[];
  /** Required competencies a manager or peer form does not cover (their 360 evidence never arrives). */
  noObserverItems: string[];
  noNonSelfEvidence: string[];
  notDecidable: string[];
}

/** One-sided normal quantile for the usual confidence settings (0.5–0.999). */
function zFor(confidence: number): number {
  const cdf = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
  let lo = 0;
  let hi = 5;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/**
 * Distance from the requirement of the learner the estimate is for, in θ: one level. (Half a level
 * away, a 95% sure decision needs more information than most banks hold for one competency.)
 */
export const DECISION_DISTANCE = 1;

/**
 * Fewest of `infos` (Fisher information at the threshold, most informative first) whose sum with the
 * population prior's precision 1/priorSD² reaches the posterior precision of a sure decision,
 * (z / DECISION_DISTANCE)²; `null` when all of them do not.
 */
export function itemsToDecide(infos: readonly number[], confidence: number, priorSD: number): number | null {
  const needed = (zFor(confidence) / DECISION_DISTANCE) ** 2 - 1 / (priorSD * priorSD);
  const sorted = [...infos].sort((a, b) => b - a);
  let sum = 0;
  for (let k = 0; k < sorted.length; k++) {
    sum += sorted[k]!;
    if (sum >= needed) return k + 1;
  }
  return null;
}

export function coverageReport(model: Model): CoverageReport {
  const bank = bankFor(model);
  const confidence = model.assessment?.confidence ?? DEFAULT_SETTINGS.confidence;
  const leniency = model.assessment?.selfLeniency ?? DEFAULT_SETTINGS.selfLeniency;
  const required = new Map<string, number>();
  for (const role of model.roles) for (const r of role.requirements) required.set(r.competency, Math.max(required.get(r.competency) ?? -Infinity, r.level));
  const competencies: CompetencyCoverage[] = [];
  for (const bc of bank.competencies) {
    const level = required.get(bc.id);
    if (level === undefined) continue;
    const theta = bank.threshold(bc.index, level);
    const j = Math.max(0, Math.min(bank.grid.size - 1, Math.round((theta - bank.grid.min) / bank.grid.step)));
    const own = bc.items.map((i) => bank.items[i]!);
    const selfForm = [...new Set([...bc.items, ...bank.otherItems[bc.index]!])].filter((i) => bank.items[i]!.raters.includes('self'));
    const infos = selfForm.map((i) => bank.information(i, bank.items[i]!.selfReport ? leniency : 0)[j]!);
    const itemsNeeded = itemsToDecide(infos, confidence, bank.grid.priorSD);
    competencies.push({
      competency: bc.id,
      title: resolveText(bc.competency.title, model.language, model.language),
      requiredLevel: level,
      selfItems: own.filter((it) => itemRaters(it.item).includes('self')).length,
      observerItems: own.filter((it) => itemRaters(it.item).some((r) => r !== 'self')).length,
      nonSelfEvidence: bank.otherItems[bc.index]!.length,
      itemsNeeded,
      drafts: own.filter((it) => it.item.extensions?.['draft'] !== undefined).length,
    });
  }
  return {
    competencies,
    noObserverItems: competencies.filter((c) => c.observerItems === 0).map((c) => c.competency),
    noNonSelfEvidence: competencies.filter((c) => c.nonSelfEvidence === 0).map((c) => c.competency),
    notDecidable: competencies.filter((c) => c.itemsNeeded === null).map((c) => c.competency),
  };
}
