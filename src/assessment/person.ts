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

/** Σ_b weights[b] · values[j + shift_b] for each j (indices clamped to the grid: flat beyond its ends). */
export function shiftMix(values: Float64Array, grid: OffsetGrid, weights: Float64Array, out: Float64Array): void {
  const q = values.length;
  out.fill(0);
  for (let k = 0; k < grid.shifts.length; k++) {
    const w = weights[k]!;
    if (w < 1e-12) continue;
    const b = grid.shifts[k]!;
    // j + b clamped to the grid: the first value before it, the last beyond it.
    const lo = Math.min(q, Math.max(0, -b));
    const hi = Math.max(lo, Math.min(q, q - b));
    const first = w * values[0]!;
    const last = w * values[q - 1]!;
    for (let j = 0; j < lo; j++) out[j]! += first;
    for (let j = lo; j < hi; j++) out[j]! += w * values[j + b]!;
    for (let j = hi; j < q; j++) out[j]! += last;
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
  const logZ: (Float64Array | undefined)[] = rests.map((rest, c) => {
    const term = terms[c];
    if (!rest || !term) return undefined;
    const z = vector(m);
    for (let k = 0; k < m; k++) z[k] = Math.log(Math.max(dotShifted(rest, term, grid.shifts[k]!), 1e-300));
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
  const logZ: (Float64Array | undefined)[] = rests.map((rest, c) => {
    if (!rest) return undefined;
    const q = rest.length;
    const termA = termsA[c];
    const termB = termsB[c];
    const z = vector(cells);
    const weighted = vector(q);
    for (let k = 0; k < ka; k++) {
      // rest(θ) · termA(θ + a_k), then summed against termB(θ + b_l) for every l. Without termA every
      // row is the first; without termB every column is the plain sum.
      if (k > 0 && !termA) {
        z.copyWithin(k * kb, 0, kb);
        continue;
      }
      if (termA) shifted(termA, gridA.shifts[k]!, weighted);
      for (let j = 0; j < q; j++) weighted[j] = rest[j]! * (termA ? weighted[j]! : 1);
      if (!termB) {
        let s = 0;
        for (let j = 0; j < q; j++) s += weighted[j]!;
        z.fill(Math.log(Math.max(s, 1e-300)), k * kb, (k + 1) * kb);
        continue;
      }
      for (let l = 0; l < kb; l++) z[k * kb + l] = Math.log(Math.max(dotShifted(weighted, termB, gridB.shifts[l]!), 1e-300));
    }
    return z;
  });
  const total = vector(cells);
  for (let k = 0; k < ka; k++) for (let l = 0; l < kb; l++) total[k * kb + l] = gridA.logPrior[k]! + gridB.logPrior[l]!;
  for (const z of logZ) if (z) for (let i = 0; i < cells; i++) total[i]! += z[i]!;
  return rests.map((_, c) => {
    const z = logZ[c];
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < cells; i++) if (total[i]! - (z ? z[i]! : 0) > max) max = total[i]! - (z ? z[i]! : 0);
    const joint = vector(cells);
    let sum = 0;
    for (let i = 0; i < cells; i++) sum += joint[i] = Math.exp(total[i]! - (z ? z[i]! : 0) - max);
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

/** Σ_j weights[j] · values[j + shift], the index clamped to the grid (flat beyond its ends, as in shiftMix). */
function dotShifted(weights: Float64Array, values: Float64Array, shift: number): number {
  const q = values.length;
  const lo = Math.min(q, Math.max(0, -shift));
  const hi = Math.max(lo, Math.min(q, q - shift));
  let s = 0;
  for (let j = 0; j < lo; j++) s += weights[j]! * values[0]!;
  for (let j = lo; j < hi; j++) s += weights[j]! * values[j + shift]!;
  for (let j = hi; j < q; j++) s += weights[j]! * values[q - 1]!;
  return s;
}

/** values[j + shift] for each j, clamped to the grid (flat beyond its ends, as in shiftMix). */
function shifted(values: Float64Array, shift: number, out: Float64Array): void {
  const q = values.length;
  for (let j = 0; j < q; j++) out[j] = values[j + shift < 0 ? 0 : j + shift >= q ? q - 1 : j + shift]!;
}

/**
 * Σ_{k,l} w[k · |b| + l] · termA(θ + a_k) · termB(θ + b_l) for each θ: the two offset-bearing terms
 * together, mixed over the offsets' joint posterior (not over each marginal alone, which would treat
 * a person's self-view bias and their raters' leniency as unrelated once the evidence links them).
 */
export function jointMix(gridA: OffsetGrid, gridB: OffsetGrid, joint: Float64Array, termA: Float64Array, termB: Float64Array, out: Float64Array): void {
  const q = termA.length;
  const kb = gridB.shifts.length;
  const mixedB = vector(q);
  const a = vector(q);
  out.fill(0);
  for (let k = 0; k < gridA.shifts.length; k++) {
    const row = joint.subarray(k * kb, (k + 1) * kb);
    let mass = 0;
    for (let l = 0; l < kb; l++) mass += row[l]!;
    if (mass < 1e-12) continue;
    shiftMix(termB, gridB, row, mixedB);
    shifted(termA, gridA.shifts[k]!, a);
    for (let j = 0; j < q; j++) out[j]! += a[j]! * mixedB[j]!;
  }
}
