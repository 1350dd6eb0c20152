/**
 * Fusion: from the evidence of every source to one posterior per competency on the θ grid.
 *
 *   p(θ_c | data) ∝ cavity_c(θ) · direct(θ) · pair messages(θ) · Π_raters (K_ρ * L_r)(θ) · (K_u * L_self)(θ)
 *
 * where K_ρ and K_u are the Gaussian kernels of a rater's own leniency and of the self-view's
 * distance from the evidence, and cavity_c is what related competencies say (correlation layer).
 */
import type { Bank } from './bank.js';
import { cavities, type PseudoObservation } from './correlation.js';
import type { Evidence } from './evidence.js';
import { aboveMargin, convolve, gaussianKernel, moments, normalizeLog, type ThetaGrid } from './grid.js';

/** Constants of the fusion model (θ units). Documented in docs/assessment.md. */
export const FUSION = {
  /**
   * A person's self-view around the evidence, after the average leniency: u ~ a two-part normal
   * mixture. Most people see themselves roughly as others do (SD 0.25); some are far off either
   * way (SD 1.2) — the blind spots and hidden strengths the assessment must find.
   */
  selfView: { typicalSD: 0.25, atypicalSD: 1.2, atypicalShare: 0.25 },
  /** SD of one manager's or peer's own leniency: ρ ~ N(0, 0.35²). */
  raterSD: 0.35,
  /** A blind spot or hidden strength is a self-view more than this far from the evidence (half a level). */
  margin: 0.5,
  /**
   * Probability from which a blind spot or hidden strength is flagged: the Bayes decision when a
   * missed blind spot costs three false alarms (flag when 3p > 1 − p). A flag asks the learner to look
   * at the evidence — cheap when wrong — while a miss leaves the pathway without the awareness step
   * the product puts first. docs/assessment.md shows the detection and false-alarm rates of other choices.
   */
  flagProbability: 0.25,
  /** Probability that the self-view is within the margin of the evidence, from which views are "aligned". */
  alignedProbability: 0.8,
} as const;

export interface Kernels {
  self: Float64Array;
  rater: Float64Array;
  /** The self kernel restricted to s − θ above the margin (for P(blind spot)). */
  selfOver: Float64Array;
  /**
   * Σ_s K(s − θ) for each grid θ: dividing by it makes each kernel a proper conditional density on
   * the finite grid (it falls below 1 only near the grid's ends).
   */
  selfRowSum: Float64Array;
  raterRowSum: Float64Array;
}

function rowSums(kernel: Float64Array, q: number): Float64Array {
  const sums = new Float64Array(q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) sums[i]! += kernel[j - i + q - 1]!;
  return sums;
}

const kernelCache = new WeakMap<ThetaGrid, Kernels>();

export function kernels(grid: ThetaGrid): Kernels {
  let k = kernelCache.get(grid);
  if (!k) {
    const { typicalSD, atypicalSD, atypicalShare } = FUSION.selfView;
    const selfKernel = (weight?: (x: number) => number): Float64Array => {
      const typical = gaussianKernel(grid, typicalSD, weight);
      const atypical = gaussianKernel(grid, atypicalSD, weight);
      return typical.map((t, d) => (1 - atypicalShare) * t + atypicalShare * atypical[d]!);
    };
    const self = selfKernel();
    const rater = gaussianKernel(grid, FUSION.raterSD);
    const q = grid.size;
    k = { self, rater, selfOver: selfKernel(aboveMargin(FUSION.margin)), selfRowSum: rowSums(self, q), raterRowSum: rowSums(rater, q) };
    kernelCache.set(grid, k);
  }
  return k;
}

export interface CompetencyPosterior {
  index: number;
  /** Responses with evidence on the competency. */
  count: number;
  /** log of the direct, pair and rater evidence (no prior, no self). */
  logOther: Float64Array;
  /** Self likelihood over the self-view s, scaled to a maximum of 1; undefined without self evidence. */
  self: Float64Array | undefined;
  /** (K_u * self)(θ), same scale as `self`. */
  selfConvolved: Float64Array | undefined;
  /** Prior from related competencies (N(0, 1) when none). */
  cavity: { mean: number; variance: number };
  /** log of everything except the self term: cavity prior + logOther. */
  logRest: Float64Array;
  /** Posterior cell masses (sum 1). */
  weights: Float64Array;
  mean: number;
  sd: number;
}

/** log of (kernel * exp(log)) / rowSum, stable: the maximum is taken out before convolving. */
function convolveLog(log: Float64Array, kernel: Float64Array, rowSum: Float64Array, linearOut: Float64Array | undefined, logOut: Float64Array): void {
  const n = log.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) if (log[j]! > max) max = log[j]!;
  const linear = new Float64Array(n);
  for (let j = 0; j < n; j++) linear[j] = Math.exp(log[j]! - max);
  const conv = new Float64Array(n);
  convolve(linear, kernel, conv);
  for (let j = 0; j < n; j++) logOut[j] = Math.log(Math.max(conv[j]! / rowSum[j]!, 1e-300));
  if (linearOut) {
    linearOut.set(linear);
  }
}

/**
 * Posteriors of the competencies in `wanted` (plus any linked to them by forced choices), fused
 * from all evidence. Deterministic: depends only on the evidence, not on the order of calls.
 */
export function fuse(bank: Bank, evidence: Evidence, wanted: Iterable<number>): Map<number, CompetencyPosterior> {
  const grid = bank.grid;
  const q = grid.size;
  const k = kernels(grid);
  const include = new Set(wanted);
  for (const o of evidence.pairs) for (const c of bank.items[o.item]!.pair!) include.add(c);

  // 1. Each competency's own evidence without forced-choice messages.
  const own = new Map<number, { logOther: Float64Array; self?: Float64Array; selfConvolved?: Float64Array; logSelfConv?: Float64Array }>();
  for (const c of [...include].sort((x, y) => x - y)) {
    const e = evidence.competencies[c];
    const logOther = new Float64Array(q);
    const entry: { logOther: Float64Array; self?: Float64Array; selfConvolved?: Float64Array; logSelfConv?: Float64Array } = { logOther };
    if (e) {
      logOther.set(e.direct);
      const groupLog = new Float64Array(q);
      for (const key of [...e.observers.keys()].sort()) {
        convolveLog(e.observers.get(key)!.log, k.rater, k.raterRowSum, undefined, groupLog);
        for (let j = 0; j < q; j++) logOther[j]! += groupLog[j]!;
      }
      if (e.selfCount > 0) {
        const self = new Float64Array(q);
        const logSelfConv = new Float64Array(q);
        convolveLog(e.self, k.self, k.selfRowSum, self, logSelfConv);
        const selfConvolved = new Float64Array(q);
        for (let j = 0; j < q; j++) selfConvolved[j] = Math.exp(logSelfConv[j]!);
        Object.assign(entry, { self, selfConvolved, logSelfConv });
      }
    }
    own.set(c, entry);
  }

  // 2. Forced choices between competencies: the message to one side integrates the other side's
  //    posterior from its own evidence (one round of belief propagation, in response order).
  const pairLog = new Map<number, Float64Array>();
  const ownWeights = new Map<number, Float64Array>();
  const weightsOf = (c: number): Float64Array => {
    let w = ownWeights.get(c);
    if (!w) {
      const o = own.get(c)!;
      const log = new Float64Array(q);
      for (let j = 0; j < q; j++) log[j] = grid.logPrior[j]! + o.logOther[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0);
      w = new Float64Array(q);
      normalizeLog(log, w);
      ownWeights.set(c, w);
    }
    return w;
  };
  const width = 2 * q - 1;
  for (const o of evidence.pairs) {
    const [c0, c1] = bank.items[o.item]!.pair!;
    const table = bank.pairTable(o.item);
    const row = o.outcome * width + q - 1;
    const w0 = weightsOf(c0);
    const w1 = weightsOf(c1);
    const to0 = pairLog.get(c0) ?? pairLog.set(c0, new Float64Array(q)).get(c0)!;
    const to1 = pairLog.get(c1) ?? pairLog.set(c1, new Float64Array(q)).get(c1)!;
    for (let i = 0; i < q; i++) {
      let m0 = 0;
      let m1 = 0;
      for (let j = 0; j < q; j++) {
        m0 += table[row + i - j]! * w1[j]!;
        m1 += table[row + j - i]! * w0[j]!;
      }
      to0[i]! += Math.log(m0);
      to1[i]! += Math.log(m1);
    }
  }

  // 3. Gaussian summaries for the correlation layer, and cavities.
  const cavity = new Map<number, { mean: number; variance: number }>();
  for (const group of bank.groups) {
    if (!group.members.some((c) => include.has(c))) continue;
    const observations: PseudoObservation[] = group.members.map((c) => {
      const o = own.get(c);
      if (!o) return { y: 0, precision: 0 };
      const log = new Float64Array(q);
      const pl = pairLog.get(c);
      for (let j = 0; j < q; j++) log[j] = grid.logPrior[j]! + o.logOther[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0) + (pl ? pl[j]! : 0);
      const w = new Float64Array(q);
      normalizeLog(log, w);
      const { mean, sd } = moments(grid, w);
      const precision = 1 / (sd * sd) - 1;
      return precision > 1e-6 ? { y: mean / (sd * sd * precision), precision } : { y: 0, precision: 0 };
    });
    const result = cavities(group, observations);
    group.members.forEach((c, i) => cavity.set(c, result[i]!));
  }

  // 4. The posterior of each competency.
  const out = new Map<number, CompetencyPosterior>();
  for (const [c, o] of own) {
    const cav = cavity.get(c) ?? { mean: 0, variance: 1 };
    const pl = pairLog.get(c);
    const logOther = o.logOther;
    if (pl) for (let j = 0; j < q; j++) logOther[j]! += pl[j]!;
    const logRest = new Float64Array(q);
    const log = new Float64Array(q);
    for (let j = 0; j < q; j++) {
      const d = grid.points[j]! - cav.mean;
      logRest[j] = (-0.5 * d * d) / cav.variance + logOther[j]!;
      log[j] = logRest[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0);
    }
    const weights = new Float64Array(q);
    normalizeLog(log, weights);
    const { mean, sd } = moments(grid, weights);
    out.set(c, {
      index: c,
      count: evidence.counts[c]!,
      logOther,
      self: o.self,
      selfConvolved: o.selfConvolved,
      cavity: cav,
      logRest,
      weights,
      mean,
      sd,
    });
  }
  return out;
}

/** Self-view against the other evidence: the joint posterior of (θ, s) with s − θ = u. */
export interface SelfOther {
  gap: number;
  pOver: number;
  pUnder: number;
}

export function compareSelfOther(grid: ThetaGrid, p: CompetencyPosterior, margin = FUSION.margin): SelfOther | undefined {
  if (!p.self) return undefined;
  const q = grid.size;
  const { self: kernel, selfRowSum } = kernels(grid);
  const isOver = aboveMargin(margin);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < q; i++) if (p.logRest[i]! > max) max = p.logRest[i]!;
  let total = 0;
  let over = 0;
  let under = 0;
  let gap = 0;
  for (let i = 0; i < q; i++) {
    const rest = Math.exp(p.logRest[i]! - max) / selfRowSum[i]!;
    if (rest < 1e-14) continue;
    const base = q - 1 - i;
    for (let j = 0; j < q; j++) {
      const m = rest * p.self[j]! * kernel[base + j]!;
      const u = (j - i) * grid.step;
      total += m;
      gap += m * u;
      over += m * isOver(u);
      under += m * isOver(-u);
    }
  }
  return { gap: gap / total, pOver: over / total, pUnder: under / total };
}
