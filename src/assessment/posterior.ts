/**
 * Fusion: from the evidence of every source to one posterior per competency on the θ grid.
 *
 *   p(θ_c | data) ∝ cavity_c(θ) · direct(θ) · pair messages(θ) · Σ_{β,μ} π(β, μ) R_c(θ + μ) (K_u * L_self)(θ + β)
 *   R_c = K_s * [Π_raters Σ_d π_r(d) (K_e * L_r)(· + d)]
 *
 * where μ is the leniency the person's raters share, d a rater's own offset from it and β the
 * learner's self-view bias, each shared across competencies (person.ts: their posteriors leave the
 * competency's own evidence out; β and μ have one joint posterior), K_e and K_u the Gaussian kernels
 * of what is left per competency, K_s the kernel of what all raters share on one competency, and
 * cavity_c what related competencies say (correlation layer).
 */
import type { Bank } from './bank.js';
import { cavities, type PseudoObservation } from './correlation.js';
import type { Evidence } from './evidence.js';
import { aboveMargin, convolve, gaussianKernel, moments, normalizeLog, type ThetaGrid } from './grid.js';
import { jointMix, leaveOneOut, leaveOneOutJoint, offsetGrid, shiftMix, type OffsetGrid } from './person.js';
import { vector } from './vectors.js';

/**
 * Raise when fused results change without a change to FUSION (e.g. item tables, the rater terms):
 * `pathway insights` reuses stored fused profiles only while this and FUSION stay the same.
 */
export const FUSION_REVISION = 4;

/** Constants of the fusion model (θ units). Documented in docs/assessment.md. */
export const FUSION = {
  /**
   * A person's self-view bias beyond the average leniency, shared by all their competencies: β ~ a
   * normal mixture. Some people see themselves about as others do (SD 0.2), others are lenient or
   * harsh with themselves across the board (SD 0.7), and a few far more so (SD 1.2): without that
   * heavy tail, a learner who underrates themselves by a whole level gets intervals that miss them
   * (at 20 % it still missed them on software-engineer: 30 %, docs/assessment.md).
   */
  selfBias: [
    { sd: 0.2, share: 0.3 },
    { sd: 0.7, share: 0.4 },
    { sd: 1.2, share: 0.3 },
  ],
  /**
   * What is left per competency: u ~ a two-part normal mixture. Mostly small (SD 0.25); on some
   * competencies far off either way (SD 0.9) — a blind spot or hidden strength of its own.
   */
  selfView: { typicalSD: 0.25, atypicalSD: 0.9, atypicalShare: 0.2 },
  /**
   * SD of the leniency all of a person's raters share on every competency: λ ~ N(0, 0.4²). Raters of
   * one person share a team and a culture of rating (a harsh manager sets the tone), so adding raters
   * does not average it away; only evidence that is not a rating can tell it.
   */
  commonRaterSD: 0.4,
  /** SD of one manager's or peer's own leniency beyond λ, shared by all the competencies they rate: ρ ~ N(0, 0.3²). */
  raterSD: 0.3,
  /** SD of what is left of a rater's leniency per competency: e ~ N(0, 0.2²). */
  raterNoiseSD: 0.2,
  /**
   * SD of what all of a person's raters share on one competency beyond λ (N(0, 0.2²) per competency):
   * a behaviour the whole team sees in the same light.
   */
  sharedRaterSD: 0.2,
  /**
   * Range of the shared offsets (θ units either way): the self-view bias β, a rater's offset from the
   * raters' mean, and the raters' common leniency μ = λ + ρ̄; on a grid of `stride` θ-grid steps (0.25 θ).
   */
  offsetRange: { self: 2, rater: 1.25, common: 1.5, stride: 2 },
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

/** One offset, 0, for the raters' common leniency when a person has no raters. */
const NO_OFFSET: OffsetGrid = { shifts: Int32Array.of(0), logPrior: Float64Array.of(0) };

const offsetCache = new WeakMap<ThetaGrid, { self: OffsetGrid }>();

/** The grid of the learner's self-view bias β. */
export function offsets(grid: ThetaGrid): { self: OffsetGrid } {
  let o = offsetCache.get(grid);
  if (!o) {
    o = { self: offsetGrid(grid.step, FUSION.offsetRange.self, FUSION.selfBias, FUSION.offsetRange.stride) };
    offsetCache.set(grid, o);
  }
  return o;
}

export interface RaterOffsets {
  /** A rater's offset from the mean leniency of the raters, d_r = ρ_r − ρ̄ ~ N(0, σ_ρ²(1 − 1/R)). */
  relative: OffsetGrid;
  /** The leniency the raters share, μ = λ + ρ̄ ~ N(0, σ_λ² + σ_ρ²/R). */
  common: OffsetGrid;
}

const raterOffsetCache = new WeakMap<ThetaGrid, Map<number, RaterOffsets>>();

/** The grids of the raters' offsets for R raters (their priors depend on R). */
export function raterOffsets(grid: ThetaGrid, raters: number): RaterOffsets {
  const byCount = raterOffsetCache.get(grid) ?? raterOffsetCache.set(grid, new Map()).get(grid)!;
  let o = byCount.get(raters);
  if (!o) {
    const r = Math.max(1, raters);
    const { raterSD, commonRaterSD, offsetRange } = FUSION;
    const relativeSD = Math.max(raterSD * Math.sqrt(1 - 1 / r), grid.step);
    o = {
      relative: offsetGrid(grid.step, offsetRange.rater, [{ sd: relativeSD, share: 1 }], offsetRange.stride),
      common: offsetGrid(grid.step, offsetRange.common, [{ sd: Math.sqrt(commonRaterSD ** 2 + raterSD ** 2 / r), share: 1 }], offsetRange.stride),
    };
    byCount.set(raters, o);
  }
  return o;
}

const noBiasCache = new WeakMap<ThetaGrid, Float64Array>();

/**
 * β's posterior over offsets(grid).self; β = 0 for a posterior without one (not from fuse(), which
 * always sets it), so that every reader of a self-rating reads such a posterior alike.
 */
export function biasOf(grid: ThetaGrid, p: CompetencyPosterior): Float64Array {
  if (p.bias) return p.bias;
  let none = noBiasCache.get(grid);
  if (!none) noBiasCache.set(grid, (none = Float64Array.from(offsets(grid).self.shifts, (b) => (b === 0 ? 1 : 0))));
  return none;
}

const priorCache = new WeakMap<OffsetGrid, Float64Array>();

/** An offset grid's prior as weights summing to 1 (kept per grid: the grids are cached). */
function normalizedPrior(g: OffsetGrid): Float64Array {
  let w = priorCache.get(g);
  if (!w) {
    w = g.logPrior.map(Math.exp);
    const sum = w.reduce((a, b) => a + b, 0);
    w = w.map((x) => x / sum);
    priorCache.set(g, w);
  }
  return w;
}

export interface Kernels {
  self: Float64Array;
  rater: Float64Array;
  /** The kernel of the leniency all raters share. */
  shared: Float64Array;
  sharedRowSum: Float64Array;
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
    const typical = gaussianKernel(grid, typicalSD);
    const atypical = gaussianKernel(grid, atypicalSD);
    const self = typical.map((t, d) => (1 - atypicalShare) * t + atypicalShare * atypical[d]!);
    const rater = gaussianKernel(grid, FUSION.raterNoiseSD);
    const q = grid.size;
    const shared = gaussianKernel(grid, FUSION.sharedRaterSD);
    k = { self, rater, shared, sharedRowSum: rowSums(shared, q), selfRowSum: rowSums(self, q), raterRowSum: rowSums(rater, q) };
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
  /**
   * Self likelihood over the self-view net of the learner's bias, s − β (mixed over β's posterior),
   * scaled to a maximum of 1; undefined without self evidence.
   */
  self: Float64Array | undefined;
  /** The self likelihood over s itself (undefined without self evidence). */
  selfRaw: Float64Array | undefined;
  /** β's posterior over offsets(grid).self, leaving this competency's own evidence out. */
  bias: Float64Array | undefined;
  /** (K_u * self)(θ), same scale as `self`. */
  selfConvolved: Float64Array | undefined;
  /** Prior from related competencies (the population prior when none). */
  cavity: { mean: number; variance: number };
  /** log of everything except the self term: cavity prior + logOther. */
  logRest: Float64Array;
  /** Posterior cell masses (sum 1). */
  weights: Float64Array;
  mean: number;
  sd: number;
}

/**
 * (kernel * exp(log)) / rowSum into `out`, floored at 1e-300, on the scale of exp(log − max) (the
 * maximum is taken out before convolving, for stability); `linearOut` gets exp(log − max) itself.
 */
let linearScratch = new Float64Array(0);
function convolveScaled(log: Float64Array, kernel: Float64Array, rowSum: Float64Array, linearOut: Float64Array | undefined, out: Float64Array): void {
  const n = log.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) if (log[j]! > max) max = log[j]!;
  if (!linearOut && linearScratch.length !== n) linearScratch = new Float64Array(n);
  const linear = linearOut ?? linearScratch;
  for (let j = 0; j < n; j++) linear[j] = Math.exp(log[j]! - max);
  convolve(linear, kernel, out);
  for (let j = 0; j < n; j++) out[j] = Math.max(out[j]! / rowSum[j]!, 1e-300);
}

/** exp of log values, scaled to a maximum of 1. */
function expScaled(log: Float64Array, out = vector(log.length)): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < log.length; j++) if (log[j]! > max) max = log[j]!;
  for (let j = 0; j < log.length; j++) out[j] = Math.exp(log[j]! - max);
  return out;
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

  // 1. Each competency's own evidence without forced-choice messages; raters' leniency and the
  //    learner's self-view bias shared across competencies (person.ts).
  type Own = { logOther: Float64Array; self?: Float64Array; selfRaw?: Float64Array; bias?: Float64Array; selfConvolved?: Float64Array; logSelfConv?: Float64Array };
  const own = new Map<number, Own>();
  const order = [...include].sort((x, y) => x - y);
  const off = offsets(grid);
  const raterTerms = new Map<string, (Float64Array | undefined)[]>();
  const selfConv: (Float64Array | undefined)[] = order.map(() => undefined);
  order.forEach((c, n) => {
    const e = evidence.competencies[c];
    const logOther = vector(q);
    const entry: Own = { logOther };
    if (e) {
      logOther.set(e.direct);
      for (const [key, group] of e.observers) {
        const term = vector(q);
        convolveScaled(group.log, k.rater, k.raterRowSum, undefined, term);
        (raterTerms.get(key) ?? raterTerms.set(key, order.map(() => undefined)).get(key)!)[n] = term;
      }
      if (e.selfCount > 0) {
        const selfRaw = vector(q);
        const conv = vector(q);
        convolveScaled(e.self, k.self, k.selfRowSum, selfRaw, conv);
        selfConv[n] = conv;
        // Filled once β's posterior is known (below).
        const logSelfConv = vector(q);
        Object.assign(entry, { selfRaw, logSelfConv });
      }
    }
    own.set(c, entry);
  });
  // Scratch vectors, each read only within the step that fills it.
  const mixed = vector(q);
  const scratchLog = vector(q);
  // The raters' leniencies split into what they share, μ = λ + ρ̄ (the leniency common to all of the
  // person's raters plus their mean own leniency), and each rater's offset from it, d_r = ρ_r − ρ̄;
  // the two are independent a priori. d_r: rater against rater, competency by competency (the
  // others at their prior offsets); μ: the raters together against the evidence that is not a
  // rating (the learner's own situational, forced-choice and work-sample items).
  const raterKeys = [...raterTerms.keys()].sort();
  const ro = raterOffsets(grid, raterKeys.length);
  const ratersLog: (Float64Array | undefined)[] = order.map(() => undefined);
  if (raterKeys.length === 1) {
    raterTerms.get(raterKeys[0]!)!.forEach((term, n) => {
      if (!term) return;
      const log = (ratersLog[n] = vector(q));
      for (let j = 0; j < q; j++) log[j] = Math.log(Math.max(term[j]!, 1e-300));
    });
  } else {
    const relativePrior = normalizedPrior(ro.relative);
    // (as logs: each is added to every other rater's rest)
    const atPrior = new Map<string, (Float64Array | undefined)[]>();
    for (const key of raterKeys) {
      atPrior.set(
        key,
        raterTerms.get(key)!.map((t) => {
          if (!t) return undefined;
          const out = vector(q);
          shiftMix(t, ro.relative, relativePrior, out);
          for (let j = 0; j < q; j++) out[j] = Math.log(Math.max(out[j]!, 1e-300));
          return out;
        }),
      );
    }
    // Each competency's rest, rebuilt in the same vector for each rater in turn.
    const restOf: (Float64Array | undefined)[] = order.map(() => undefined);
    for (const key of raterKeys) {
      const terms = raterTerms.get(key)!;
      const rests = order.map((_, n) => {
        if (!terms[n]) return undefined;
        const log = scratchLog;
        log.set(grid.logPrior);
        let others = 0;
        for (const [other, list] of atPrior) {
          if (other === key || !list[n]) continue;
          others++;
          for (let j = 0; j < q; j++) log[j]! += list[n]![j]!;
        }
        return others > 0 ? expScaled(log, (restOf[n] ??= vector(q))) : undefined;
      });
      const offset = leaveOneOut(ro.relative, rests, terms);
      terms.forEach((term, n) => {
        if (!term) return;
        shiftMix(term, ro.relative, offset[n]!, mixed);
        const log = (ratersLog[n] ??= vector(q));
        for (let j = 0; j < q; j++) log[j]! += Math.log(Math.max(mixed[j]!, 1e-300));
      });
    }
  }
  // The raters together on each competency as a function of θ + μ, through the leniency they share
  // on that competency alone (K_s); then μ and the learner's self-view bias β jointly, from every
  // competency with two of the three kinds of evidence (not a rating, the raters', the learner's own
  // view): self against raters tells β − μ, and evidence that is not a rating splits it.
  const ratersTerm = ratersLog.map((log) => {
    if (!log) return undefined;
    const term = vector(q);
    convolveScaled(log, k.shared, k.sharedRowSum, undefined, term);
    return term;
  });
  const commonGrid = raterKeys.length > 0 ? ro.common : NO_OFFSET;
  const rests = order.map((c, n) => {
    const e = evidence.competencies[c];
    if (!e || (e.directCount > 0 ? 1 : 0) + (ratersTerm[n] ? 1 : 0) + (selfConv[n] ? 1 : 0) < 2) return undefined;
    for (let j = 0; j < q; j++) scratchLog[j] = grid.logPrior[j]! + e.direct[j]!;
    return expScaled(scratchLog);
  });
  const offsetsOf = leaveOneOutJoint(off.self, commonGrid, rests, selfConv, ratersTerm);
  order.forEach((c, n) => {
    const o = own.get(c)!;
    const { a: bias, b: common, joint } = offsetsOf[n]!;
    const raters = ratersTerm[n];
    // log of the raters' term mixed over μ: added here, taken out of the self term below.
    const logMixed = scratchLog;
    if (raters) {
      shiftMix(raters, commonGrid, common, mixed);
      for (let j = 0; j < q; j++) o.logOther[j]! += logMixed[j] = Math.log(Math.max(mixed[j]!, 1e-300));
    }
    // Every competency gets β's posterior: the next self-rating on it is read through it (select.ts).
    o.bias = bias;
    if (!selfConv[n]) return;
    const self = vector(q);
    shiftMix(o.selfRaw!, off.self, bias, self);
    // The largest value (NaN when any is NaN, as Math.max(...self) gives it).
    let scale = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < q; j++) if (self[j]! > scale || Number.isNaN(self[j]!)) scale = self[j]!;
    for (let j = 0; j < q; j++) self[j]! /= scale;
    // The self term at θ: Σ_β π(β) (K_u * S)(θ + β), the self-view read at the grid's end beyond it.
    // With raters, the self and rater terms are mixed over (β, μ) together and the self term is what
    // that adds to the raters' term alone, so that their product is the joint mixture.
    const selfConvolved = vector(q);
    const logSelfConv = o.logSelfConv!;
    if (raters) {
      jointMix(off.self, commonGrid, joint, selfConv[n]!, raters, selfConvolved);
      const logScale = Math.log(scale);
      for (let j = 0; j < q; j++) {
        logSelfConv[j] = Math.log(Math.max(selfConvolved[j]!, 1e-300)) - logMixed[j]! - logScale;
        selfConvolved[j] = Math.exp(logSelfConv[j]!);
      }
    } else {
      shiftMix(selfConv[n]!, off.self, bias, selfConvolved);
      for (let j = 0; j < q; j++) selfConvolved[j]! /= scale;
      for (let j = 0; j < q; j++) logSelfConv[j] = Math.log(Math.max(selfConvolved[j]!, 1e-300));
    }
    Object.assign(o, { self, selfConvolved });
  });

  // 2. Forced choices between competencies: the message to one side integrates the other side's
  //    posterior from its own evidence (one round of belief propagation, in response order).
  const pairLog = new Map<number, Float64Array>();
  const ownWeights = new Map<number, Float64Array>();
  const weightsOf = (c: number): Float64Array => {
    let w = ownWeights.get(c);
    if (!w) {
      const o = own.get(c)!;
      const log = vector(q);
      for (let j = 0; j < q; j++) log[j] = grid.logPrior[j]! + o.logOther[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0);
      w = vector(q);
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
    const to0 = pairLog.get(c0) ?? pairLog.set(c0, vector(q)).get(c0)!;
    const to1 = pairLog.get(c1) ?? pairLog.set(c1, vector(q)).get(c1)!;
    pairMessage(table, row, w1, 1, to0);
    pairMessage(table, row, w0, -1, to1);
  }

  // 3. Gaussian summaries for the correlation layer, and cavities.
  const cavity = new Map<number, { mean: number; variance: number }>();
  const priorVariance = grid.priorSD * grid.priorSD;
  for (const group of bank.groups) {
    if (!group.members.some((c) => include.has(c))) continue;
    const observations: PseudoObservation[] = group.members.map((c) => {
      const o = own.get(c);
      if (!o) return { y: 0, precision: 0 };
      const log = scratchLog;
      const pl = pairLog.get(c);
      for (let j = 0; j < q; j++) log[j] = grid.logPrior[j]! + o.logOther[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0) + (pl ? pl[j]! : 0);
      const w = mixed;
      normalizeLog(log, w);
      const { mean, sd } = moments(grid, w);
      const precision = 1 / (sd * sd) - 1 / priorVariance;
      return precision > 1e-6 ? { y: mean / (sd * sd * precision), precision } : { y: 0, precision: 0 };
    });
    const result = cavities(group, observations, priorVariance);
    group.members.forEach((c, i) => cavity.set(c, result[i]!));
  }

  // 4. The posterior of each competency.
  const out = new Map<number, CompetencyPosterior>();
  for (const [c, o] of own) {
    const cav = cavity.get(c) ?? { mean: 0, variance: priorVariance };
    const pl = pairLog.get(c);
    const logOther = o.logOther;
    if (pl) for (let j = 0; j < q; j++) logOther[j]! += pl[j]!;
    const logRest = vector(q);
    const log = scratchLog;
    for (let j = 0; j < q; j++) {
      const d = grid.points[j]! - cav.mean;
      logRest[j] = (-0.5 * d * d) / cav.variance + logOther[j]!;
      log[j] = logRest[j]! + (o.logSelfConv ? o.logSelfConv[j]! : 0);
    }
    const weights = vector(q);
    normalizeLog(log, weights);
    const { mean, sd } = moments(grid, weights);
    out.set(c, {
      index: c,
      count: evidence.counts[c]!,
      logOther,
      self: o.self,
      selfRaw: o.selfRaw,
      bias: o.bias,
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

/**
 * to[i] += log Σ_j table[row + sign · (i − j)] · w[j] for each i: a forced choice's message (sign 1
 * to the first competency, −1 to the second). Four i at a time: i + r reads at j what i + r − 1 read
 * at j − 1, so each step loads one table value for four sums (as in convolve), and every sum adds its
 * terms in order of j, as one i alone would.
 */
function pairMessage(table: Float64Array, row: number, w: Float64Array, sign: 1 | -1, to: Float64Array): void {
  const q = w.length;
  let i = 0;
  for (; i + 3 < q; i += 4) {
    // t_r = table[row + sign · (i + r − j)], shifted along as j grows.
    let t1 = table[row + sign * (i + 1)]!;
    let t2 = table[row + sign * (i + 2)]!;
    let t3 = table[row + sign * (i + 3)]!;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let j = 0; j < q; j++) {
      const wj = w[j]!;
      const t0 = table[row + sign * (i - j)]!;
      m0 += t0 * wj;
      m1 += t1 * wj;
      m2 += t2 * wj;
      m3 += t3 * wj;
      t3 = t2;
      t2 = t1;
      t1 = t0;
    }
    to[i]! += Math.log(m0);
    to[i + 1]! += Math.log(m1);
    to[i + 2]! += Math.log(m2);
    to[i + 3]! += Math.log(m3);
  }
  for (; i < q; i++) {
    let m = 0;
    for (let j = 0; j < q; j++) m += table[row + sign * (i - j)]! * w[j]!;
    to[i]! += Math.log(m);
  }
}

/**
 * Self-view against the other evidence: the joint posterior of (θ, β, s) with s − θ = β + u, so the
 * person-level bias counts where this competency's own evidence is thin.
 */
export interface SelfOther {
  gap: number;
  pOver: number;
  pUnder: number;
}

/**
 * Reused by compareSelfOther (its prefix sums are q² numbers: allocating them per call made fusing
 * many people mostly garbage collection), with the weight of each (β, θ) cell and the rows they need.
 */
interface SelfOtherScratch {
  pre: Float64Array;
  first: Float64Array;
  need: Uint8Array;
  rest: Float64Array;
  cells: Float64Array;
  fromHalf: Int32Array;
  fromFull: Int32Array;
  toHalf: Int32Array;
  toFull: Int32Array;
}
let scratch: SelfOtherScratch | undefined;
function selfOtherScratch(q: number, shifts: number): SelfOtherScratch {
  if (scratch?.first.length !== q || scratch.cells.length < shifts * q) {
    const index = () => new Int32Array(q);
    scratch = { pre: new Float64Array(q * (q + 1)), first: new Float64Array(q), need: new Uint8Array(q), rest: new Float64Array(q), cells: new Float64Array(shifts * q), fromHalf: index(), fromFull: index(), toHalf: index(), toFull: index() };
  } else scratch.need.fill(0);
  return scratch;
}

export function compareSelfOther(grid: ThetaGrid, p: CompetencyPosterior, margin: number = FUSION.margin): SelfOther | undefined {
  if (!p.self || !p.selfRaw) return undefined;
  const q = grid.size;
  const { self: kernel, selfRowSum } = kernels(grid);
  const off = offsets(grid).self;
  const bias = biasOf(grid, p);
  const m = off.shifts.length;
  // For a self-view centred at x (grid index), the mass over s, a[j] = S(s_j)·K(s_j − x), is the
  // same for every θ: keep its prefix sums and first moment per x, and each (β, θ) cell costs O(1).
  // pre[x·(q+1) + n] = Σ_{j<n} a[j] (pre[x·(q+1)] stays 0); first[x] = Σ_j j·a[j]. Only the rows
  // some cell of non-negligible posterior mass reads are built.
  const { pre, first, need, rest, cells, fromHalf, fromFull, toHalf, toFull } = selfOtherScratch(q, m);
  // aboveMargin in whole grid steps d = s − θ: weight ½ from `half`, 1 from `full` (the same step when
  // no difference sits exactly at the margin).
  const isOver = aboveMargin(margin);
  let full = -(q - 1);
  while (full < q && isOver(full * grid.step) < 1) full++;
  let half = full;
  while (half > -q && isOver((half - 1) * grid.step) > 0) half--;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < q; i++) if (p.logRest[i]! > max) max = p.logRest[i]!;
  for (let i = 0; i < q; i++) rest[i] = Math.exp(p.logRest[i]! - max);
  // Each cell's weight, and the rows it needs: the self-view s around x = θ + β (read at the grid's
  // end beyond it), as in fuse().
  for (let k = 0; k < m; k++) {
    const wb = bias[k]!;
    if (wb < 1e-9) continue;
    const b = off.shifts[k]!;
    for (let i = 0; i < q; i++) {
      const x = Math.min(q - 1, Math.max(0, i + b));
      const r = (wb * rest[i]!) / selfRowSum[x]!;
      cells[k * q + i] = r;
      if (!(r < 1e-14)) need[x] = 1;
    }
  }
  // Rows four at a time where any of the four is needed: row x + t reads kernel[base − t + j], the
  // value row x read at j − t, so one kernel value serves four rows, and the four running sums are
  // independent of one another (each row's sums are added in order of j, as one row alone would).
  const selfRaw = p.selfRaw;
  let x = 0;
  for (; x + 3 < q; x += 4) {
    if (!(need[x] || need[x + 1] || need[x + 2] || need[x + 3])) continue;
    const base = q - 1 - x;
    const at = x * (q + 1) + 1;
    let k1 = kernel[base - 1]!;
    let k2 = kernel[base - 2]!;
    let k3 = kernel[base - 3]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let j = 0; j < q; j++) {
      const sj = selfRaw[j]!;
      const k0 = kernel[base + j]!;
      const a0 = sj * k0;
      const a1 = sj * k1;
      const a2 = sj * k2;
      const a3 = sj * k3;
      s0 += a0;
      s1 += a1;
      s2 += a2;
      s3 += a3;
      m0 += j * a0;
      m1 += j * a1;
      m2 += j * a2;
      m3 += j * a3;
      pre[at + j] = s0;
      pre[at + q + 1 + j] = s1;
      pre[at + 2 * (q + 1) + j] = s2;
      pre[at + 3 * (q + 1) + j] = s3;
      k3 = k2;
      k2 = k1;
      k1 = k0;
    }
    first[x] = m0;
    first[x + 1] = m1;
    first[x + 2] = m2;
    first[x + 3] = m3;
  }
  for (; x < q; x++) {
    if (!need[x]) continue;
    const base = q - 1 - x;
    const at = x * (q + 1) + 1;
    let sum = 0;
    let moment = 0;
    for (let j = 0; j < q; j++) {
      const a = selfRaw[j]! * kernel[base + j]!;
      sum += a;
      moment += j * a;
      pre[at + j] = sum;
    }
    first[x] = moment;
  }
  // Where each θ's margins fall in a row of prefix sums (the same for every row): Σ_{j ≥ i + half},
  // Σ_{j ≥ i + full} and Σ_{j ≤ i − half}, Σ_{j ≤ i − full} read pre at these, clamped to the row.
  const clampRow = (n: number) => Math.min(q, Math.max(0, n));
  for (let i = 0; i < q; i++) {
    fromHalf[i] = clampRow(i + half);
    fromFull[i] = clampRow(i + full);
    toHalf[i] = clampRow(i - half + 1);
    toFull[i] = clampRow(i - full + 1);
  }
  let total = 0;
  let over = 0;
  let under = 0;
  let gap = 0;
  for (let k = 0; k < m; k++) {
    const wb = bias[k]!;
    if (wb < 1e-9) continue;
    const b = off.shifts[k]!;
    for (let i = 0; i < q; i++) {
      const r = cells[k * q + i]!;
      if (r < 1e-14) continue;
      const x = Math.min(q - 1, Math.max(0, i + b));
      const at = x * (q + 1);
      const mass = pre[at + q]!;
      total += r * mass;
      gap += r * (first[x]! - i * mass);
      over += r * 0.5 * (mass - pre[at + fromHalf[i]!]! + (mass - pre[at + fromFull[i]!]!));
      under += r * 0.5 * (pre[at + toHalf[i]!]! + pre[at + toFull[i]!]!);
    }
  }
  return { gap: (gap * grid.step) / total, pOver: over / total, pUnder: under / total };
}

/**
 * P(blind spot | θ, self data) for each θ on the grid, in fuse()'s model of a self-rating (the one
 * compareSelfOther reads): the self-view s is spread by K_u(s − x) / rowSum(x) around x = θ + β, read at
 * the grid's end beyond it, and weighted by the self likelihood S(s) (flat before any self-rating) and
 * β's posterior (β = 0 without one); this is the share of it with s − θ above the margin. The selector
 * moves it with each answer on θ (select.ts).
 */
export function pOverGivenTheta(grid: ThetaGrid, p: CompetencyPosterior, margin: number = FUSION.margin): Float64Array {
  const q = grid.size;
  const { self: kernel, selfRowSum } = kernels(grid);
  const off = offsets(grid).self;
  const bias = biasOf(grid, p);
  const self = p.selfRaw;
  // pre[x·(q+1) + n] = Σ_{s ≥ n} K(s − x) S(s) (pre[x·(q+1) + q] = 0): each (θ, β) then costs O(1).
  const pre = vector(q * (q + 1));
  for (let x = 0; x < q; x++) {
    const row = x * (q + 1);
    for (let s = q - 1; s >= 0; s--) pre[row + s] = pre[row + s + 1]! + kernel[s - x + q - 1]! * (self ? self[s]! : 1);
  }
  // In whole grid steps d = s − θ: weight 1 from `full` on, ½ at `half` (the same step when no
  // difference sits exactly at the margin), as aboveMargin and compareSelfOther count it.
  const isOver = aboveMargin(margin);
  let full = -(q - 1);
  while (full < q && isOver(full * grid.step) < 1) full++;
  let half = full;
  while (half > -q && isOver((half - 1) * grid.step) > 0) half--;
  const at = (x: number, n: number): number => pre[x * (q + 1) + Math.min(q, Math.max(0, n))]!;
  const out = vector(q);
  for (let i = 0; i < q; i++) {
    let over = 0;
    let all = 0;
    for (let k = 0; k < off.shifts.length; k++) {
      const wb = bias[k]!;
      if (wb < 1e-12) continue;
      const x = Math.min(q - 1, Math.max(0, i + off.shifts[k]!));
      const r = wb / selfRowSum[x]!;
      all += r * at(x, 0);
      over += r * (at(x, i + full) + (half === full ? 0 : 0.5 * (at(x, i + half) - at(x, i + full))));
    }
    out[i] = all > 0 ? over / all : 0;
  }
  return out;
}
