/**
 * Which item comes next, and when to stop.
 *
 * Adaptive selection is classification-driven: for every open competency the loss is
 *   ℓ_c = Σ_T W_T · H(p_T)  (+ W_bs · H(p_bs) in self-assessments)
 * where p_T = P(θ_c ≥ T) for each role threshold T (current and target), p_bs = P(blind spot) and
 * H the binary entropy. The expected drop of ℓ_c over an item's possible answers (pre-posterior
 * analysis on the grid) is the information the answer carries about the met / not-met decisions;
 * unlike the misclassification rate min(p, 1 − p), it is positive for every informative item even
 * when one answer cannot flip a decision. Items are ranked by that gain per second of answering
 * time, with content balancing (by competency, and by evidence source where self-report alone says
 * a requirement is met), a time budget, and seeded randomesque exposure control.
 */
import type { Bank } from './bank.js';
import type { Config } from './config.js';
import { convolveTransposed, probAtLeast } from './grid.js';
import { biasOf, FUSION, kernels, offsets, pOverGivenTheta, type CompetencyPosterior } from './posterior.js';
import { randomesqueDraw } from './random.js';
import type { StopReason } from './types.js';

/** Weight of a critical requirement relative to an ordinary one of the same `weight`. */
export const CRITICAL_FACTOR = 1.5;
/**
 * Weight of the blind-spot question in the loss, relative to one requirement of weight 1: as much as
 * a critical requirement of weight 2 (2 × CRITICAL_FACTOR), since a blind spot comes first in a
 * pathway (docs/assessment.md, "Choosing the next item").
 */
export const BLIND_SPOT_WEIGHT = 3;
/** Seconds added to every item's own time when comparing value per second (reading, switching). */
export const ITEM_OVERHEAD_SECONDS = 20;
/**
 * In banks with more candidates than this, the exact pre-posterior analysis runs only on the
 * SHORTLIST candidates most informative at the current estimate (Fisher information per second).
 */
export const SHORTLIST_ABOVE = 2000;
export const SHORTLIST = 256;
/** Randomesque exposure control: choose at random among up to this many items… */
export const RANDOMESQUE_TOP = 3;
/** …whose value is at least this share of the best. */
export const RANDOMESQUE_SHARE = 0.9;

export type ClosedReason = 'decided' | 'precision' | 'item-cap' | 'bank-exhausted';

export interface CompetencyStatus {
  administered: number;
  decided: boolean;
  closed: ClosedReason | undefined;
}

export interface SelectionState {
  administered: Uint8Array;
  /** Items administered per competency (by the item's own competency). */
  perCompetency: Int32Array;
  /** Items that are not self-report administered per competency (a forced choice between two counts for both). */
  otherPerCompetency: Int32Array;
  answered: number;
  elapsedSeconds: number;
}

/** The item to ask (`candidates`: the best few it was drawn from, best first), or why to stop. */
export type Selection = { item: number; value: number; candidates?: readonly number[] } | { stop: StopReason };

/** True when every threshold of the competency is met or missed with the required confidence. */
export function isDecided(bank: Bank, config: Config, c: number, p: CompetencyPosterior): boolean {
  const thresholds = config.thresholds[c]!;
  if (thresholds.length === 0) return true;
  if (thresholds[0]!.slot === 'level') {
    // Without roles: decided once one level is at least `confidence` likely.
    let above = 1;
    for (const t of [...thresholds, undefined]) {
      const next = t ? probAtLeast(bank.grid, p.weights, t.theta) : 0;
      if (above - next >= config.confidence) return true;
      above = next;
    }
    return false;
  }
  return thresholds.every((t) => {
    const pm = probAtLeast(bank.grid, p.weights, t.theta);
    return pm >= config.confidence || pm <= 1 - config.confidence;
  });
}

/**
 * Content balancing by evidence source: in a self-assessment, a competency whose estimate says it
 * meets its highest role requirement (pMeets ≥ 0.5) while all its evidence is self-report needs one
 * item that is not — a situational judgement, forced choice or work sample that fits the time left.
 * That is where a blind spot would turn a wrong "meets" into the result, and where the decision
 * loss alone, seeing the requirement as settled, often spends nothing (docs/assessment.md).
 */
export function needsOtherEvidence(bank: Bank, config: Config, state: SelectionState, c: number, p: CompetencyPosterior): boolean {
  if (config.rater !== 'self' || state.otherPerCompetency[c]! > 0) return false;
  let top = Number.NEGATIVE_INFINITY;
  for (const t of config.thresholds[c]!) if (t.slot !== 'level' && t.theta > top) top = t.theta;
  if (top === Number.NEGATIVE_INFINITY || probAtLeast(bank.grid, p.weights, top) < 0.5) return false;
  const remaining = config.maxSeconds - state.elapsedSeconds;
  return bank.otherItems[c]!.some((i) => config.inForm[i] && !state.administered[i] && bank.items[i]!.seconds <= remaining);
}

export function competencyStatus(bank: Bank, config: Config, state: SelectionState, c: number, p: CompetencyPosterior): CompetencyStatus {
  const administered = state.perCompetency[c]!;
  const decided = isDecided(bank, config, c, p);
  let closed: ClosedReason | undefined;
  const available = bank.competencies[c]!.items.some((i) => config.inForm[i] && !state.administered[i]);
  const minimumMet = administered >= config.minItems && !needsOtherEvidence(bank, config, state, c, p);
  if (!available) closed = 'bank-exhausted';
  else if (administered >= config.maxPerCompetency) closed = 'item-cap';
  else if (minimumMet && decided) closed = 'decided';
  else if (minimumMet && p.sd < config.targetSD) closed = 'precision';
  return { administered, decided, closed };
}

/** Per-competency vectors the pre-posterior analysis needs; built once per step. */
interface Context {
  c: number;
  /** Loss weights: one per threshold, then the blind-spot weight (if any). */
  weights: Float64Array;
  loss: number;
  /** Answers that bear on θ directly (non-self): posterior masses and suffix starts of thresholds. */
  w: Float64Array;
  cuts: Int32Array;
  /** Threshold indices ordered by cut, highest first. */
  cutOrder: Int32Array;
  /** Σ over the support of w, of w above each cut, and of the blind-spot vector. */
  totals: Float64Array;
  overVector: Float64Array | undefined;
  lo: number;
  hi: number;
  /**
   * Self-report answers bear on the self-view s: U_0 (normaliser), U_T per threshold, U_bs, over s
   * itself (the learner's bias summed out), so that Σ_s U(s) P(k | s) is the joint probability.
   */
  selfVectors: Float64Array[] | undefined;
  selfLo: number;
  selfHi: number;
}

export class Selector {
  private readonly q: number;
  private readonly ones: Float64Array;
  private readonly a: Float64Array;
  private readonly hasSelfItems: Uint8Array;
  private readonly hasOtherItems: Uint8Array;
  private readonly pool: Int32Array;
  /** Marks items already in `pool` while `collectOther` fills it (all 0 between calls). */
  private readonly pooled: Uint8Array;
  private readonly openSet: Uint8Array;
  private readonly contexts: (Context | undefined)[];
  /** Per item: its probability table (and information) at the shift this rater's answers have. */
  private readonly tables: Float64Array[];
  private readonly information: Float64Array[];

  constructor(
    private readonly bank: Bank,
    private readonly config: Config,
  ) {
    this.q = bank.grid.size;
    this.ones = new Float64Array(this.q).fill(1);
    this.a = new Float64Array(16);
    this.hasSelfItems = new Uint8Array(bank.competencies.length);
    this.hasOtherItems = new Uint8Array(bank.competencies.length);
    this.pool = new Int32Array(bank.items.length);
    this.pooled = new Uint8Array(bank.items.length);
    this.openSet = new Uint8Array(bank.competencies.length);
    this.contexts = new Array(bank.competencies.length).fill(undefined);
    this.tables = new Array(bank.items.length);
    this.information = new Array(bank.items.length);
    for (const i of config.form) {
      const item = bank.items[i]!;
      const selfView = config.rater === 'self' && item.selfReport;
      // Tables are built now, so the first selection does not pay for them.
      if (item.pair) bank.pairTable(i);
      else {
        this.tables[i] = bank.table(i, selfView ? config.selfLeniency : 0);
        if (config.form.length > SHORTLIST_ABOVE) this.information[i] = bank.information(i, selfView ? config.selfLeniency : 0);
      }
      if (selfView) this.hasSelfItems[item.competency] = 1;
      else this.hasOtherItems[item.competency] = 1;
      if (item.pair) for (const c of item.pair) this.hasOtherItems[c] = 1;
    }
  }

  /** The next item, or why the assessment stops. Deterministic for a given evidence and state. */
  next(getPosteriors: () => Map<number, CompetencyPosterior>, state: SelectionState): Selection {
    const { bank, config } = this;
    if (config.mode === 'fixed') {
      for (const i of config.form) if (!state.administered[i]) return { item: i, value: 0 };
      return { stop: 'fixed-form-complete' };
    }
    if (state.answered >= config.maxItems) return { stop: 'max-items' };
    const posteriors = getPosteriors();

    const open: number[] = [];
    const closedReasons: ClosedReason[] = [];
    for (const c of config.inPlay) {
      const status = competencyStatus(bank, config, state, c, posteriors.get(c)!);
      if (status.closed) closedReasons.push(status.closed);
      else open.push(c);
    }
    if (open.length === 0) return { stop: summarise(closedReasons) };

    const remaining = config.maxSeconds - state.elapsedSeconds;
    const openSet = this.openSet;
    openSet.fill(0);
    for (const c of open) openSet[c] = 1;
    // Content balancing: competencies below their minimum number of items go first, then those that
    // need evidence besides self-report (their non-self-report items only), then everything open.
    const behind = open.filter((c) => state.perCompetency[c]! < config.minItems);
    let count = this.collect(behind, state, remaining);
    if (count === 0) count = this.collectOther(open.filter((c) => needsOtherEvidence(bank, config, state, c, posteriors.get(c)!)), state, remaining);
    if (count === 0) count = this.collect(open, state, remaining);
    if (count === 0) return { stop: 'time-budget' };
    if (count > SHORTLIST_ABOVE) count = this.shortlist(count, posteriors);

    this.contexts.fill(undefined);

    // Randomesque: a seeded draw among the best few, so one answer pattern does not always meet
    // the same items. The best are kept in a short sorted list (ties: model order). Every score is
    // finite and at least 0, so a slot still at −∞ (fewer candidates than slots) is never offered.
    const topItems = new Int32Array(RANDOMESQUE_TOP);
    const topScores = new Float64Array(RANDOMESQUE_TOP).fill(Number.NEGATIVE_INFINITY);
    for (let n = 0; n < count; n++) {
      const i = this.pool[n]!;
      const gain = this.gainOf(i, posteriors);
      const score = (gain > 0 ? gain : 0) / (bank.items[i]!.seconds + ITEM_OVERHEAD_SECONDS);
      for (let t = 0; t < RANDOMESQUE_TOP; t++) {
        if (score > topScores[t]! || (score === topScores[t]! && i < topItems[t]!)) {
          for (let u = RANDOMESQUE_TOP - 1; u > t; u--) {
            topScores[u] = topScores[u - 1]!;
            topItems[u] = topItems[u - 1]!;
          }
          topScores[t] = score;
          topItems[t] = i;
          break;
        }
      }
    }
    let candidates = 0;
    while (candidates < RANDOMESQUE_TOP && topScores[candidates]! >= topScores[0]! * RANDOMESQUE_SHARE) candidates++;
    const chosen = randomesqueDraw(config.seed, state.answered, candidates);
    return { item: topItems[chosen]!, value: topScores[chosen]!, candidates: [...topItems.subarray(0, candidates)] };
  }

  /**
   * The expected drop of the decision loss if `item` were answered now, every competency in play
   * counted as open (for tests and explanations; `next` uses the same computation).
   */
  expectedGain(posteriors: Map<number, CompetencyPosterior>, item: number): number {
    this.openSet.fill(0);
    for (const c of this.config.inPlay) this.openSet[c] = 1;
    this.contexts.fill(undefined);
    return this.gainOf(item, posteriors);
  }

  private gainOf(i: number, posteriors: Map<number, CompetencyPosterior>): number {
    const item = this.bank.items[i]!;
    if (item.pair) {
      const [c0, c1] = item.pair;
      const ctx0 = this.contextOf(c0, posteriors);
      const ctx1 = this.contextOf(c1, posteriors);
      let gain = 0;
      if (ctx0) gain += this.gainDirect(ctx0, this.pairTable(i, 0, posteriors.get(c1)!.weights), 2);
      if (ctx1) gain += this.gainDirect(ctx1, this.pairTable(i, 1, posteriors.get(c0)!.weights), 2);
      return gain;
    }
    const ctx = this.contextOf(item.competency, posteriors)!;
    if (this.config.rater === 'self' && item.selfReport) return this.gainSelf(ctx, this.tables[i]!);
    return this.gainDirect(ctx, this.tables[i]!, item.outcomes);
  }

  private contextOf(c: number, posteriors: Map<number, CompetencyPosterior>): Context | undefined {
    if (!this.openSet[c]) return undefined;
    return (this.contexts[c] ??= this.context(c, posteriors.get(c)!));
  }

  /** Keeps in `pool` the SHORTLIST candidates with the most information per second at their competency's estimate. */
  private shortlist(count: number, posteriors: Map<number, CompetencyPosterior>): number {
    const { bank, pool } = this;
    const grid = bank.grid;
    const proxy = new Float64Array(count);
    const at = new Int32Array(bank.competencies.length).fill(-1);
    for (let n = 0; n < count; n++) {
      const i = pool[n]!;
      const item = bank.items[i]!;
      if (item.pair) {
        proxy[n] = Number.POSITIVE_INFINITY; // few, and their value spans two competencies: always scored exactly
        continue;
      }
      const c = item.competency;
      if (at[c]! < 0) at[c] = Math.min(grid.size - 1, Math.max(0, Math.round((posteriors.get(c)!.mean - grid.min) / grid.step)));
      proxy[n] = this.information[i]![at[c]!]! / (item.seconds + ITEM_OVERHEAD_SECONDS);
    }
    const cut = kthLargest(Float64Array.from(proxy), SHORTLIST);
    let kept = 0;
    for (let n = 0; n < count; n++) if (proxy[n]! >= cut) pool[kept++] = pool[n]!;
    return kept;
  }

  /** Fills `pool` with the unanswered non-self-report form items bearing on `competencies` that fit the time left, once each. */
  private collectOther(competencies: readonly number[], state: SelectionState, remaining: number): number {
    const { bank, config, pool, pooled } = this;
    let count = 0;
    for (const c of competencies) {
      for (const i of bank.otherItems[c]!) {
        if (pooled[i] || !config.inForm[i] || state.administered[i] || bank.items[i]!.seconds > remaining) continue;
        pooled[i] = 1;
        pool[count++] = i;
      }
    }
    for (let n = 0; n < count; n++) pooled[pool[n]!] = 0;
    return count;
  }

  /** Fills `pool` with the unanswered form items of `competencies` that fit the time left; returns how many. */
  private collect(competencies: readonly number[], state: SelectionState, remaining: number): number {
    const { bank, config, pool } = this;
    let count = 0;
    for (const c of competencies) {
      for (const i of bank.competencies[c]!.items) {
        if (config.inForm[i] && !state.administered[i] && bank.items[i]!.seconds <= remaining) pool[count++] = i;
      }
    }
    return count;
  }

  private context(c: number, p: CompetencyPosterior): Context {
    const { bank, config, q } = this;
    const grid = bank.grid;
    const thresholds = config.thresholds[c]!;
    // Self items exist only in self-assessments (hasSelfItems), so this needs no test of the rater.
    const blindSpot = this.hasSelfItems[c] === 1 && this.hasOtherItems[c] === 1;
    const m = thresholds.length + (blindSpot ? 1 : 0);
    const weights = new Float64Array(m);
    thresholds.forEach((t, k) => (weights[k] = t.weight * (t.critical ? CRITICAL_FACTOR : 1)));
    if (blindSpot) weights[m - 1] = BLIND_SPOT_WEIGHT;

    const w = p.weights;
    let lo = 0;
    let hi = q - 1;
    while (lo < hi && w[lo]! < 1e-12) lo++;
    while (hi > lo && w[hi]! < 1e-12) hi--;
    const cuts = Int32Array.from(thresholds, (t) => grid.firstAtOrAbove(t.theta));

    let overVector: Float64Array | undefined;
    if (blindSpot) {
      // P(s − θ > margin | θ, self data) · w(θ): the blind-spot probability after an answer on θ.
      const pOver = pOverGivenTheta(bank.grid, p);
      overVector = new Float64Array(q);
      for (let j = 0; j < q; j++) overVector[j] = w[j]! * pOver[j]!;
    }
    const selfVectors = this.hasSelfItems[c] ? this.biasedSelfVectors(p, cuts, blindSpot) : undefined;
    let selfLo = 0;
    let selfHi = q - 1;
    if (selfVectors) {
      const u0 = selfVectors[0]!;
      while (selfLo < selfHi && u0[selfLo]! < 1e-12) selfLo++;
      while (selfHi > selfLo && u0[selfHi]! < 1e-12) selfHi--;
    }

    // Current loss, with the same discrete sums the pre-posterior analysis uses.
    const totals = new Float64Array(m + 1);
    for (let j = lo; j <= hi; j++) totals[0]! += w[j]!;
    cuts.forEach((cut, t) => {
      for (let j = Math.max(cut, lo); j <= hi; j++) totals[1 + t]! += w[j]!;
    });
    if (overVector) for (let j = lo; j <= hi; j++) totals[m]! += overVector[j]!;
    const loss = outcomeLoss(totals, weights);
    const cutOrder = Int32Array.from(cuts.keys()).sort((x, y) => cuts[y]! - cuts[x]!);
    return { c, weights, loss, w, cuts, cutOrder, totals, overVector, lo, hi, selfVectors, selfLo, selfHi };
  }

  /**
   * Expected loss drop for an answer that bears on θ directly: table[k·q + j] = P(k | θ = point j).
   * Two-outcome items use the complement for the second outcome.
   */
  private gainDirect(ctx: Context, table: Float64Array, outcomes: number): number {
    const { q } = this;
    const { w, cuts, overVector, lo, hi, weights, totals } = ctx;
    const m = weights.length;
    const a = this.a.length >= m + 1 ? this.a : new Float64Array(m + 1);
    const order = ctx.cutOrder;
    const explicit = outcomes === 2 ? 1 : outcomes;
    let expected = 0;
    for (let k = 0; k < explicit; k++) {
      const row = k * q;
      // One walk down from the top; each threshold's tail sum is read as the walk passes it.
      let sum = 0;
      let j = hi;
      for (let n = 0; n < order.length; n++) {
        const t = order[n]!;
        const stop = Math.max(cuts[t]!, lo);
        for (; j >= stop; j--) sum += w[j]! * table[row + j]!;
        a[1 + t] = sum;
      }
      for (; j >= lo; j--) sum += w[j]! * table[row + j]!;
      a[0] = sum;
      if (overVector) {
        let over = 0;
        for (let j = lo; j <= hi; j++) over += overVector[j]! * table[row + j]!;
        a[m] = over;
      }
      expected += outcomeLoss(a, weights);
      if (outcomes === 2) {
        // The other outcome's sums are the posterior's own minus this one's.
        for (let i = 0; i <= m; i++) a[i] = totals[i]! - a[i]!;
        expected += outcomeLoss(a, weights);
      }
    }
    return ctx.loss - expected;
  }

  /** Expected loss drop for a self-report answer: table[k·q + j] = P(k | self-view = point j). */
  private gainSelf(ctx: Context, table: Float64Array): number {
    const { q } = this;
    const vectors = ctx.selfVectors!;
    const m = ctx.weights.length;
    const a = this.a.length >= m + 1 ? this.a : new Float64Array(m + 1);
    const outcomes = table.length / q;
    let expected = 0;
    for (let k = 0; k < outcomes; k++) {
      const row = k * q;
      for (let v = 0; v <= m; v++) {
        const u = vectors[v]!;
        let s = 0;
        for (let j = ctx.selfLo; j <= ctx.selfHi; j++) s += u[j]! * table[row + j]!;
        a[v] = s;
      }
      expected += outcomeLoss(a, ctx.weights);
    }
    return ctx.loss - expected;
  }

  /**
   * The self vectors with the learner's bias, in fuse()'s model of a self-rating: the self-view is
   * s = x + u with x = θ + β read at the grid's end beyond it, u ~ K_u(s − x) / rowSum(x) on the grid,
   * and a blind spot is s − θ > margin. Each (θ, β) is grouped by x and e = x − θ (β itself unless x
   * is clamped; |e| ≤ the largest shift either way): a[x, e] = Σ π(β) rest(θ). Then
   *   U_0(s) ∝ S(s) Σ_x K(s − x) / rowSum(x) Σ_e a[x, e],  U_T: only θ = x − e at or above the cut,
   *   U_bs(s) ∝ S(s) Σ_x K(s − x) / rowSum(x) Σ_e a[x, e] · over(s − x + e),
   * normalised so that U_0 sums to 1, with rest(θ) everything but the self term (exp(logRest − max)).
   */
  private biasedSelfVectors(p: CompetencyPosterior, cuts: Int32Array, blindSpot: boolean): Float64Array[] {
    const { q } = this;
    const grid = this.bank.grid;
    const k = kernels(grid);
    const { shifts } = offsets(grid).self;
    const bias = biasOf(grid, p);
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < q; j++) if (p.logRest[j]! > max) max = p.logRest[j]!;
    const rest = new Float64Array(q);
    for (let j = 0; j < q; j++) rest[j] = Math.exp(p.logRest[j]! - max);
    const reach = Math.max(Math.abs(shifts[0]!), Math.abs(shifts[shifts.length - 1]!));
    const width = 2 * reach + 1;
    const a = new Float64Array(q * width);
    for (let b = 0; b < shifts.length; b++) {
      const wb = bias[b]!;
      if (wb < 1e-12) continue;
      const shift = shifts[b]!;
      for (let i = 0; i < q; i++) {
        const x = Math.min(q - 1, Math.max(0, i + shift));
        a[x * width + x - i + reach]! += wb * rest[i]!;
      }
    }
    const self = p.selfRaw ?? this.ones;
    const vectors: Float64Array[] = [];
    // Per x: the mass of θ = x − e for e ≤ E, cumulated (prefix over e), divided by rowSum(x).
    const coefficient = new Float64Array(q);
    const push = (upTo: (x: number) => number): void => {
      for (let x = 0; x < q; x++) {
        const last = Math.min(reach, upTo(x));
        let sum = 0;
        for (let e = -reach; e <= last; e++) sum += a[x * width + e + reach]!;
        coefficient[x] = sum / k.selfRowSum[x]!;
      }
      const u = new Float64Array(q);
      convolveTransposed(coefficient, k.self, u);
      vectors.push(u);
    };
    push(() => reach);
    // θ at or above the cut: x − e ≥ cut, e ≤ x − cut.
    for (const cut of cuts) push((x) => x - cut);
    if (blindSpot) {
      // suffix[x, n] = Σ_{e ≥ n − reach} a[x, e] / rowSum(x), n = 0 … width (0 at width).
      const suffix = new Float64Array(q * (width + 1));
      for (let x = 0; x < q; x++) {
        const row = x * (width + 1);
        for (let n = width - 1; n >= 0; n--) suffix[row + n] = suffix[row + n + 1]! + a[x * width + n]! / k.selfRowSum[x]!;
      }
      const marginSteps = FUSION.margin / grid.step;
      const at = (x: number, e: number): number => suffix[x * (width + 1) + Math.min(width, Math.max(0, e + reach))]!;
      const u = new Float64Array(q);
      for (let s = 0; s < q; s++) {
        let sum = 0;
        for (let x = 0; x < q; x++) {
          // over(s − x + e): e > marginSteps − d in full, half at equality (grid.ts, aboveMargin).
          const edge = marginSteps - (s - x);
          const first = Math.floor(edge) + 1;
          const m = at(x, first) + (Number.isInteger(edge) ? 0.5 * (at(x, edge) - at(x, edge + 1)) : 0);
          sum += k.self[s - x + q - 1]! * m;
        }
        u[s] = sum;
      }
      vectors.push(u);
    }
    let total = 0;
    for (let j = 0; j < q; j++) total += self[j]! * vectors[0]![j]!;
    for (const u of vectors) for (let j = 0; j < q; j++) u[j] = (self[j]! * u[j]!) / total;
    return vectors;
  }

  /**
   * A between-competency forced choice seen from one side: P(first statement chosen | θ_side), averaged
   * over the other side. The second outcome's row is not built: `gainDirect` reads a two-outcome item's
   * second outcome as the complement of the first.
   */
  private pairTable(item: number, side: 0 | 1, otherWeights: Float64Array): Float64Array {
    const { q } = this;
    const pair = this.bank.pairTable(item);
    const out = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let s = 0;
      // Entry d + q − 1 of the bank's row holds Δ = d: side 0 has Δ = θ_side − θ_other, side 1 Δ = θ_other − θ_side.
      if (side === 0) for (let j = 0; j < q; j++) s += pair[q - 1 + i - j]! * otherWeights[j]!;
      else for (let j = 0; j < q; j++) s += pair[q - 1 + j - i]! * otherWeights[j]!;
      out[i] = s;
    }
    return out;
  }
}

/** Σ_i W_i · A_0 · H(A_i / A_0): the outcome's share of the expected decision entropy. */
function outcomeLoss(a: Float64Array, weights: Float64Array): number {
  const z = a[0]!;
  if (!(z > 0)) return 0;
  let loss = 0;
  for (let i = 0; i < weights.length; i++) {
    const p = a[i + 1]! / z;
    if (p > 1e-12 && p < 1 - 1e-12) loss -= weights[i]! * z * (p * Math.log(p) + (1 - p) * Math.log(1 - p));
  }
  return loss;
}

/** The k-th largest value (1-based) of `values`, which it reorders (quickselect). */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

function summarise(reasons: readonly ClosedReason[]): StopReason {
  if (reasons.every((r) => r === 'decided')) return 'decided';
  if (reasons.includes('item-cap')) return 'item-cap';
  if (reasons.includes('bank-exhausted')) return 'bank-exhausted';
  return 'precision';
}
