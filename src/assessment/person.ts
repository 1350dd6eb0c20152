/**
 * Person-level offsets shared across competencies: a learner's self-view bias β (self-view = θ + β +
 * u per competency) and each manager's or peer's leniency ρ (rating = θ + ρ + e). One offset moves
 * every competency of the person, so the gap between self-report and the other evidence on some
 * competencies tells how far to trust the self-report on the others.
 *
 * The offset lives on a grid of whole θ-grid steps, so "the likelihood at θ + offset" is an index
 * shift. For competency c the offset's posterior leaves c's own evidence out (π₋c ∝ prior · Π_{c'≠c} Z_c'),
 * so c's evidence is not counted twice; with it, θ_c's marginal posterior is exact for competencies
 * that are independent given the offset (person.test.ts checks this against brute force).
 */
import { vector, vectorOf } from './vectors.js';

export interface OffsetGrid {
  /** Offsets in grid steps, ascending, centred on 0. */
  shifts: Int32Array;
  /** log prior of each offset (unnormalised). */
  logPrior: Float64Array;
}

/**
 * Offsets within ±halfRange θ, every `stride` grid steps (coarser than θ's grid: the offsets' cost
 * grows with their number), with a prior that is a mixture of centred normals.
 */
export function offsetGrid(step: number, halfRange: number, mixture: readonly { sd: number; share: number }[], stride = 1): OffsetGrid {
  const half = Math.round(halfRange / (step * stride));
  const shifts = new Int32Array(2 * half + 1);
  const logPrior = new Float64Array(shifts.length);
  for (let k = 0; k < shifts.length; k++) {
    const b = (k - half) * stride;
    shifts[k] = b;
    const x = b * step;
    let p = 0;
    for (const m of mixture) p += (m.share / m.sd) * Math.exp((-0.5 * x * x) / (m.sd * m.sd));
    logPrior[k] = Math.log(p);
  }
  return { shifts, logPrior };
}

/**
 * Clamped reads without branches: `values` with `reach` copies of its first value before it and of its
 * last after it (a scratch array, one per `slot`, overwritten by the next call with that slot), so
 * values[clamp(j + shift)] is padded[j + shift + reach] for every |shift| ≤ reach.
 */
const pads = [new Float64Array(0), new Float64Array(0)];
function padded(values: Float64Array, reach: number, slot: 0 | 1): Float64Array {
  const q = values.length;
  const n = q + 2 * reach;
  let p = pads[slot]!;
  if (p.length < n) p = pads[slot] = new Float64Array(n);
  const first = values[0]!;
  const last = values[q - 1]!;
  for (let i = 0; i < reach; i++) p[i] = first;
  for (let j = 0; j < q; j++) p[reach + j] = values[j]!;
  for (let i = reach + q; i < n; i++) p[i] = last;
  return p;
}

/** The largest |shift| of a grid (its shifts ascend). */
function reachOf(grid: OffsetGrid): number {
  const s = grid.shifts;
  return Math.max(Math.abs(s[0]!), Math.abs(s[s.length - 1]!));
}

/** Scratch for the weights that count (≥ 1e-12) and where each reads in a padded vector. */
let mixWeights = new Float64Array(64);
let mixOffsets = new Int32Array(64);
function mixScratch(n: number): void {
  if (mixWeights.length >= n) return;
  mixWeights = new Float64Array(n);
  mixOffsets = new Int32Array(n);
}

/** Σ_b weights[b] · values[j + shift_b] for each j (indices clamped to the grid: flat beyond its ends). */
export function shiftMix(values: Float64Array, grid: OffsetGrid, weights: Float64Array, out: Float64Array): void {
  const q = values.length;
  const reach = reachOf(grid);
  const p = padded(values, reach, 0);
  mixScratch(grid.shifts.length);
  const ws = mixWeights;
  const os = mixOffsets;
  let n = 0;
  for (let k = 0; k < grid.shifts.length; k++) {
    const w = weights[k]!;
    if (w < 1e-12) continue;
    ws[n] = w;
    os[n++] = grid.shifts[k]! + reach;
  }
  // Four outputs at a time, each summed in a register over the shifts in ascending order (the order
  // in which out[j] += w · values[j + shift] added them, so the sums are the same to the bit).
  let j = 0;
  for (; j + 3 < q; j += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < n; t++) {
      const w = ws[t]!;
      const o = os[t]! + j;
      s0 += w * p[o]!;
      s1 += w * p[o + 1]!;
      s2 += w * p[o + 2]!;
      s3 += w * p[o + 3]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < q; j++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += ws[t]! * p[os[t]! + j]!;
    out[j] = s;
  }
}

/**
 * The offset's posterior for each competency, leaving that competency's own evidence out.
 * `rests[c]` is everything else known about θ_c (linear, any scale), `terms[c]` the offset-bearing
 * likelihood as a function of θ + offset (linear, any scale); a competency with either undefined does
 * not inform the offset. Returns one weight vector (sum 1) per competency.
 */
export function leaveOneOut(grid: OffsetGrid, rests: readonly (Float64Array | undefined)[], terms: readonly (Float64Array | undefined)[]): Float64Array[] {
  const m = grid.shifts.length;
  const reach = reachOf(grid);
  const logZ: (Float64Array | undefined)[] = rests.map((rest, c) => {
    const term = terms[c];
    if (!rest || !term) return undefined;
    const z = vector(m);
    logDots(rest, padded(term, reach, 0), reach, grid.shifts, z, 0);
    return z;
  });
  const total = vectorOf(grid.logPrior);
  for (const z of logZ) if (z) for (let k = 0; k < m; k++) total[k]! += z[k]!;
  return rests.map((_, c) => {
    const z = logZ[c];
    const log = z ? vector(m) : total;
    if (z) for (let k = 0; k < m; k++) log[k] = total[k]! - z[k]!;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < m; k++) if (log[k]! > max) max = log[k]!;
    const w = vector(m);
    let sum = 0;
    for (let k = 0; k < m; k++) sum += w[k] = Math.exp(log[k]! - max);
    for (let k = 0; k < m; k++) w[k]! /= sum;
    return w;
  });
}

export interface JointOffsets {
  /** The first offset's marginal (sum 1). */
  a: Float64Array;
  /** The second offset's marginal (sum 1). */
  b: Float64Array;
  /** The joint posterior, a-major: w[k · |b| + l] (sum 1). */
  joint: Float64Array;
}

/**
 * Two person-level offsets at once — the learner's self-view bias (a) and the leniency the raters
 * share (b) — with their joint posterior for each competency, leaving that competency's evidence out:
 *
 *   π₋c(a, b) ∝ prior(a) prior(b) Π_{c'≠c} Z_c'(a, b),   Z_c(a, b) = Σ_θ rest_c(θ) · termA_c(θ + a) · termB_c(θ + b)
 *
 * A missing term counts as 1; a competency with `rests[c]` undefined does not inform the offsets.
 * Jointly, a self-view above the raters' on some competencies says β − μ is large without saying
 * which of the two it is, and evidence that is not a rating splits it — where estimating each offset
 * on its own would count the raters' shared leniency once per competency.
 */
export function leaveOneOutJoint(
  gridA: OffsetGrid,
  gridB: OffsetGrid,
  rests: readonly (Float64Array | undefined)[],
  termsA: readonly (Float64Array | undefined)[],
  termsB: readonly (Float64Array | undefined)[],
): JointOffsets[] {
  const ka = gridA.shifts.length;
  const kb = gridB.shifts.length;
  const cells = ka * kb;
  const reachA = reachOf(gridA);
  const reachB = reachOf(gridB);
  let weighted = vector(0);
  // log Z_c(a, b) of competency c at zs[c · cells + …] (a scratch: read only in this call).
  if (zScratch.length < rests.length * cells) zScratch = new Float64Array(rests.length * cells);
  const zs = zScratch;
  rests.forEach((rest, c) => {
    if (!rest) return;
    const q = rest.length;
    if (weighted.length !== q) weighted = vector(q);
    const termA = termsA[c] && padded(termsA[c], reachA, 0);
    const termB = termsB[c] && padded(termsB[c], reachB, 1);
    const at = c * cells;
    for (let k = 0; k < ka; k++) {
      // rest(θ) · termA(θ + a_k), then summed against termB(θ + b_l) for every l. Without termA every
      // row is the first (and rest · 1 is rest itself); without termB every column is the plain sum.
      if (k > 0 && !termA) {
        zs.copyWithin(at + k * kb, at, at + kb);
        continue;
      }
      let row = rest;
      if (termA) {
        const o = gridA.shifts[k]! + reachA;
        for (let j = 0; j < q; j++) weighted[j] = rest[j]! * termA[j + o]!;
        row = weighted;
      }
      if (!termB) {
        let s = 0;
        for (let j = 0; j < q; j++) s += row[j]!;
        zs.fill(Math.log(Math.max(s, 1e-300)), at + k * kb, at + (k + 1) * kb);
        continue;
      }
      logDots(row, termB, reachB, gridB.shifts, zs, at + k * kb);
    }
  });
  const total = vector(cells);
  for (let k = 0; k < ka; k++) for (let l = 0; l < kb; l++) total[k * kb + l] = gridA.logPrior[k]! + gridB.logPrior[l]!;
  rests.forEach((rest, c) => {
    if (rest) for (let i = 0; i < cells; i++) total[i]! += zs[c * cells + i]!;
  });
  const log = vector(cells);
  return rests.map((rest, c) => {
    // The log posterior without c's own evidence (total itself when c has none).
    const at = c * cells;
    if (rest) for (let i = 0; i < cells; i++) log[i] = total[i]! - zs[at + i]!;
    else log.set(total);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < cells; i++) if (log[i]! > max) max = log[i]!;
    const joint = vector(cells);
    let sum = 0;
    for (let i = 0; i < cells; i++) sum += joint[i] = Math.exp(log[i]! - max);
    const a = vector(ka);
    const b = vector(kb);
    for (let k = 0; k < ka; k++) {
      for (let l = 0; l < kb; l++) {
        const w = (joint[k * kb + l]! /= sum);
        a[k]! += w;
        b[l]! += w;
      }
    }
    return { a, b, joint };
  });
}

let zScratch = new Float64Array(0);

/**
 * out[at + l] = log max(Σ_j weights[j] · values[j + shift_l], 1e-300) for each shift, `values` padded
 * by `reach` (the index clamped to the grid, as in shiftMix). Four shifts at a time, so that each
 * weight is loaded once for four sums; each sum still adds its terms in order of j.
 */
function logDots(weights: Float64Array, values: Float64Array, reach: number, shifts: Int32Array, out: Float64Array, at: number): void {
  const q = weights.length;
  const m = shifts.length;
  let l = 0;
  for (; l + 3 < m; l += 4) {
    const o0 = shifts[l]! + reach;
    const o1 = shifts[l + 1]! + reach;
    const o2 = shifts[l + 2]! + reach;
    const o3 = shifts[l + 3]! + reach;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < q; j++) {
      const w = weights[j]!;
      s0 += w * values[j + o0]!;
      s1 += w * values[j + o1]!;
      s2 += w * values[j + o2]!;
      s3 += w * values[j + o3]!;
    }
    out[at + l] = Math.log(Math.max(s0, 1e-300));
    out[at + l + 1] = Math.log(Math.max(s1, 1e-300));
    out[at + l + 2] = Math.log(Math.max(s2, 1e-300));
    out[at + l + 3] = Math.log(Math.max(s3, 1e-300));
  }
  for (; l < m; l++) {
    const o = shifts[l]! + reach;
    let s = 0;
    for (let j = 0; j < q; j++) s += weights[j]! * values[j + o]!;
    out[at + l] = Math.log(Math.max(s, 1e-300));
  }
}

/** Scratch for jointMix: per row of the joint posterior with mass, where termA is read and where its weights end. */
let rowOffsets = new Int32Array(32);
let rowEnds = new Int32Array(32);

/**
 * Σ_{k,l} w[k · |b| + l] · termA(θ + a_k) · termB(θ + b_l) for each θ: the two offset-bearing terms
 * together, mixed over the offsets' joint posterior (not over each marginal alone, which would treat
 * a person's self-view bias and their raters' leniency as unrelated once the evidence links them).
 */
export function jointMix(gridA: OffsetGrid, gridB: OffsetGrid, joint: Float64Array, termA: Float64Array, termB: Float64Array, out: Float64Array): void {
  const q = termA.length;
  const ka = gridA.shifts.length;
  const kb = gridB.shifts.length;
  const reachA = reachOf(gridA);
  const reachB = reachOf(gridB);
  const pa = padded(termA, reachA, 0);
  const pb = padded(termB, reachB, 1);
  // The rows (offsets a_k) with mass and, in each, the weights shiftMix would use (≥ 1e-12).
  mixScratch(ka * kb);
  if (rowOffsets.length < ka) {
    rowOffsets = new Int32Array(ka);
    rowEnds = new Int32Array(ka);
  }
  const ws = mixWeights;
  const os = mixOffsets;
  let rows = 0;
  let n = 0;
  for (let k = 0; k < ka; k++) {
    let mass = 0;
    for (let l = 0; l < kb; l++) mass += joint[k * kb + l]!;
    if (mass < 1e-12) continue;
    for (let l = 0; l < kb; l++) {
      const w = joint[k * kb + l]!;
      if (w < 1e-12) continue;
      ws[n] = w;
      os[n++] = gridB.shifts[l]! + reachB;
    }
    rowOffsets[rows] = gridA.shifts[k]! + reachA;
    rowEnds[rows++] = n;
  }
  // Four θ at a time, all sums in registers: for each row, termB mixed over its weights (shiftMix),
  // times termA at θ + a_k, added up over the rows in order — the same sums, in the same order, as
  // mixing each row into a vector and adding the products into out.
  let j = 0;
  for (; j + 3 < q; j += 4) {
    let o0 = 0;
    let o1 = 0;
    let o2 = 0;
    let o3 = 0;
    let t = 0;
    for (let r = 0; r < rows; r++) {
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      let m3 = 0;
      for (const end = rowEnds[r]!; t < end; t++) {
        const w = ws[t]!;
        const o = os[t]! + j;
        m0 += w * pb[o]!;
        m1 += w * pb[o + 1]!;
        m2 += w * pb[o + 2]!;
        m3 += w * pb[o + 3]!;
      }
      const a = rowOffsets[r]! + j;
      o0 += pa[a]! * m0;
      o1 += pa[a + 1]! * m1;
      o2 += pa[a + 2]! * m2;
      o3 += pa[a + 3]! * m3;
    }
    out[j] = o0;
    out[j + 1] = o1;
    out[j + 2] = o2;
    out[j + 3] = o3;
  }
  for (; j < q; j++) {
    let o = 0;
    let t = 0;
    for (let r = 0; r < rows; r++) {
      let m = 0;
      for (const end = rowEnds[r]!; t < end; t++) m += ws[t]! * pb[os[t]! + j]!;
      o += pa[rowOffsets[r]! + j]! * m;
    }
    out[j] = o;
  }
}
