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
    const q = rest.length;
    const z = vector(m);
    for (let k = 0; k < m; k++) {
      const b = grid.shifts[k]!;
      // term at j + b, clamped to the grid (as in shiftMix)
      const lo = Math.min(q, Math.max(0, -b));
      const hi = Math.max(lo, Math.min(q, q - b));
      let s = 0;
      for (let j = 0; j < lo; j++) s += rest[j]! * term[0]!;
      for (let j = lo; j < hi; j++) s += rest[j]! * term[j + b]!;
      for (let j = hi; j < q; j++) s += rest[j]! * term[q - 1]!;
      z[k] = Math.log(Math.max(s, 1e-300));
    }
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
