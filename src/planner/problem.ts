/**
 * The selection problem in numbers, compiled from the gap analysis: the objective
 *
 *   G(S) = Σ_c Σ_k W_k [ES(T_k; μ_c, σ_c) − ES(T_k; μ_c + x_c(S), σ_c)]  +  b · Σ_mod min(t_mod(S), cap_mod)
 *
 * with x_c(S) = Σ_{m∈S} g_mc (expected gains, efficacy included), t_mod(S) the blend-credited minutes
 * of modality `mod` and cap_mod = share_mod · budget. Each term is concave in an additive quantity,
 * so G is monotone submodular. Constraints: Σ minutes ≤ budget, and every chosen module's modules-to-do-
 * first are chosen too (or already completed). Structure of arrays, so thousands of evaluations stay cheap.
 */
import type { Analysis } from './gaps.js';
import { expectedGain, pitchEfficacy } from './gain.js';
import { expectedShortfall } from './normal.js';
import { BLEND_CREDIT_FLOOR, GAP_CONFIDENCE, MIN_EFFICACY, MIN_VALUE, MODALITY_ORDER } from './settings.js';
import type { Modality } from '../model/types.js';

export interface PlanningProblem {
  readonly analysis: Analysis;
  /** Competencies with at least one weighted requirement ("local" indices 0…nComp−1). */
  readonly nComp: number;
  /** Local → model competency index. */
  readonly compGlobal: Int32Array;
  /** Model → local competency index, −1 when the competency carries no requirement. */
  readonly compLocal: Int32Array;
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  /** Terms of local competency c are termStart[c] … termStart[c+1]−1. */
  readonly termStart: Int32Array;
  readonly termThreshold: Float64Array;
  readonly termWeight: Float64Array;
  readonly termBase: Float64Array;
  /** Index into analysis.terms, for explanations. */
  readonly termSource: Int32Array;
  readonly nModules: number;
  readonly minutes: Float64Array;
  readonly modality: Uint8Array;
  /** Useful effects of module m: effStart[m] … effStart[m+1]−1 (local competency, expected gain). */
  readonly effStart: Int32Array;
  readonly effComp: Int32Array;
  readonly effGain: Float64Array;
  /** The module's own value: Σ over its effects alone. */
  readonly ownValue: Float64Array;
  /** Minutes that count toward the blend bonus (its time, scaled down when it does little). */
  readonly blendCredit: Float64Array;
  readonly blendCap: Float64Array;
  /** Bonus per blend-credited minute under the caps: blend strength × the median candidate's value per minute. */
  readonly blendScale: number;
  /** 1 for modules already completed: never chosen, satisfy prerequisites. */
  readonly completed: Uint8Array;
  /** Modules worth proposing for their own value. */
  readonly candidates: Int32Array;
  /** Filled lazily by `closureOf`. */
  readonly closures: (Int32Array | undefined)[];
  readonly budget: number;
  /** Σ W_k · ES_k before any module: the total weighted expected shortfall. */
  readonly totalShortfall: number;
  /** Per local competency: some module develops it / one is pitched close enough / all such modules are completed. */
  readonly coverage: Uint8Array;
}

export const COVER_ANY = 1;
export const COVER_REACHABLE = 2;
export const COVER_USEFUL = 4;
export const COVER_COMPLETED = 8;

export interface ProblemOptions {
  budget: number;
  completed: ReadonlySet<number>;
  blend: Readonly<Record<Modality, number>>;
  blendStrength: number;
}

/** f_c(x): weighted expected-shortfall reduction on local competency c when θ moves up by x. */
export function reductionAt(p: PlanningProblem, c: number, x: number): number {
  let total = 0;
  const mean = p.mean[c]! + x;
  const sd = p.sd[c]!;
  for (let k = p.termStart[c]!; k < p.termStart[c + 1]!; k++) {
    total += p.termWeight[k]! * (p.termBase[k]! - expectedShortfall(p.termThreshold[k]!, mean, sd));
  }
  return total;
}

export function compileProblem(analysis: Analysis, options: ProblemOptions): PlanningProblem {
  const index = analysis.index;
  const nModel = index.competencyIds.length;
  const compLocal = new Int32Array(nModel).fill(-1);
  const order: number[] = [];
  const termsByComp = new Map<number, number[]>();
  analysis.terms.forEach((term, t) => {
    // Only gaps are worked on: a requirement probably met already (the notes say "no gaps") is not a
    // reason to spend the learner's time, however small its remaining expected shortfall.
    if (!(term.weight > 0) || !(term.shortfall > 0) || term.pMeets >= GAP_CONFIDENCE) return;
    let list = termsByComp.get(term.competency);
    if (!list) {
      list = [];
      termsByComp.set(term.competency, list);
      compLocal[term.competency] = order.length;
      order.push(term.competency);
    }
    list.push(t);
  });
  const nComp = order.length;
  const compGlobal = Int32Array.from(order);
  const mean = new Float64Array(nComp);
  const sd = new Float64Array(nComp);
  const termStart = new Int32Array(nComp + 1);
  const nTerms = [...termsByComp.values()].reduce((n, l) => n + l.length, 0);
  const termThreshold = new Float64Array(nTerms);
  const termWeight = new Float64Array(nTerms);
  const termBase = new Float64Array(nTerms);
  const termSource = new Int32Array(nTerms);
  let k = 0;
  let totalShortfall = 0;
  for (let c = 0; c < nComp; c++) {
    const state = analysis.states.get(compGlobal[c]!)!;
    mean[c] = state.mean;
    sd[c] = state.sd;
    termStart[c] = k;
    for (const t of termsByComp.get(compGlobal[c]!)!) {
      const term = analysis.terms[t]!;
      termThreshold[k] = term.threshold;
      termWeight[k] = term.weight;
      termBase[k] = term.shortfall;
      termSource[k] = t;
      totalShortfall += term.weight * term.shortfall;
      k++;
    }
  }
  termStart[nComp] = k;

  const nModules = index.modules.length;
  const completed = new Uint8Array(nModules);
  for (const m of options.completed) completed[m] = 1;
  const coverage = new Uint8Array(nComp);
  const effStart = new Int32Array(nModules + 1);
  const effCompList: number[] = [];
  const effGainList: number[] = [];
  for (let m = 0; m < nModules; m++) {
    effStart[m] = effCompList.length;
    for (let e = index.effStart[m]!; e < index.effStart[m + 1]!; e++) {
      const g = index.effCompetency[e]!;
      const c = g < 0 ? -1 : compLocal[g]!;
      if (c < 0) continue;
      coverage[c]! |= COVER_ANY;
      if (completed[m]) {
        coverage[c]! |= COVER_COMPLETED;
        continue;
      }
      if (pitchEfficacy(mean[c]!, index.effLow[e]!) < MIN_EFFICACY) continue;
      coverage[c]! |= COVER_REACHABLE;
      const gain = expectedGain(mean[c]!, index.effLow[e]!, index.effHigh[e]!, index.minutes[m]!);
      if (gain <= 0) continue;
      effCompList.push(c);
      effGainList.push(gain);
    }
  }
  effStart[nModules] = effCompList.length;
  const effComp = Int32Array.from(effCompList);
  const effGain = Float64Array.from(effGainList);

  const problem = {
    analysis,
    nComp,
    compGlobal,
    compLocal,
    mean,
    sd,
    termStart,
    termThreshold,
    termWeight,
    termBase,
    termSource,
    nModules,
    minutes: index.minutes,
    modality: index.modality,
    effStart,
    effComp,
    effGain,
    ownValue: new Float64Array(nModules),
    blendCredit: new Float64Array(nModules),
    blendCap: Float64Array.from(MODALITY_ORDER, (mod) => Math.max(0, options.blend[mod] ?? 0) * options.budget),
    blendScale: 0,
    completed,
    candidates: new Int32Array(0),
    closures: [] as (Int32Array | undefined)[],
    budget: options.budget,
    totalShortfall,
    coverage,
  };

  const candidates: number[] = [];
  const ratios: number[] = [];
  const scratch = new Float64Array(nComp);
  for (let m = 0; m < nModules; m++) {
    if (effStart[m] === effStart[m + 1]) continue;
    const value = moduleValue(problem, m, scratch);
    problem.ownValue[m] = value;
    if (value > MIN_VALUE) {
      candidates.push(m);
      ratios.push(value / index.minutes[m]!);
      for (let e = effStart[m]!; e < effStart[m + 1]!; e++) coverage[effComp[e]!]! |= COVER_USEFUL;
    }
  }
  // Blend credit: a module's minutes count fully when it is at least BLEND_CREDIT_FLOOR as productive
  // per minute as the median candidate, proportionally less below that — so filling the blend never
  // pays for time that closes next to no gap.
  const median = medianOf(ratios);
  // The bonus per credited minute is a share of what a typical candidate achieves per minute, so the
  // blend weighs the same against gaps whatever the size of the catalogue or the budget.
  problem.blendScale = options.budget > 0 ? options.blendStrength * median : 0;
  const floor = BLEND_CREDIT_FLOOR * median;
  for (const m of candidates) {
    const ratio = problem.ownValue[m]! / index.minutes[m]!;
    problem.blendCredit[m] = index.minutes[m]! * (floor > 0 ? Math.min(1, ratio / floor) : 1);
  }
  problem.candidates = Int32Array.from(candidates);
  problem.closures = new Array(nModules);
  return problem;
}

/** Value of module m's own effects taken alone (m's effects may repeat a competency). */
function moduleValue(p: PlanningProblem, m: number, scratch: Float64Array): number {
  let value = 0;
  for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) scratch[p.effComp[e]!]! += p.effGain[e]!;
  for (let e = p.effStart[m]!; e < p.effStart[m + 1]!; e++) {
    const c = p.effComp[e]!;
    if (scratch[c] === 0) continue;
    value += reductionAt(p, c, scratch[c]!);
    scratch[c] = 0;
  }
  return value;
}

function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1]!;
}

const closureMarks = new WeakMap<PlanningProblem, { mark: Int32Array; stamp: number }>();

/**
 * Module m plus every not-completed module to do before it, transitively, prerequisites first
 * (completed modules satisfy their dependants and stop the walk; a completed module's closure is empty). Cached
 * on the problem.
 */
export function closureOf(p: PlanningProblem, m: number): Int32Array {
  const cached = p.closures[m];
  if (cached) return cached;
  // A completed module has nothing left to do, itself included.
  if (p.completed[m]) return (p.closures[m] = new Int32Array(0));
  const before = p.analysis.index.before;
  if (before[m]!.length === 0) return (p.closures[m] = Int32Array.of(m));
  let marks = closureMarks.get(p);
  if (!marks) closureMarks.set(p, (marks = { mark: new Int32Array(p.nModules), stamp: 0 }));
  const stamp = ++marks.stamp;
  const mark = marks.mark;
  const members: number[] = [];
  // Depth-first post-order with an explicit stack, so a prerequisite chain of any length fits.
  // Marking on entry also stops cycles (revisit links are not checked for cycles by validation).
  const stack = [m];
  const next = [0];
  mark[m] = stamp;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const q = stack[top]!;
    const r = before[q]![next[top]!++];
    if (r === undefined) {
      members.push(q);
      stack.pop();
      next.pop();
    } else if (mark[r] !== stamp && !p.completed[r]) {
      mark[r] = stamp;
      stack.push(r);
      next.push(0);
    }
  }
  return (p.closures[m] = Int32Array.from(members));
}
