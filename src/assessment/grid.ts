/**
 * The θ grid every posterior lives on: evenly spaced points, each standing for a cell of width
 * `step`. Posteriors are kept as log weights and turned into cell masses with log-sum-exp, so long
 * response strings never underflow. Quantiles and tail probabilities treat each cell's mass as
 * spread evenly across the cell, which makes them smooth in the threshold.
 */

export const DEFAULT_STEP = 0.125;

/**
 * SD of the population prior θ ~ N(0, POPULATION_SD²). Wider than the scale's unit: the people an
 * assessment is used with need not be centred on the scale's middle nor spread by exactly one unit
 * (a team of seniors, a cohort of new starters), and a prior narrower than the population pulls
 * the ends toward the middle with intervals too narrow to hold them (docs/assessment.md, "Priors").
 */
export const POPULATION_SD = 1.4;

export class ThetaGrid {
  readonly points: Float64Array;
  readonly size: number;
  readonly step: number;
  readonly min: number;
  /** log N(θ; 0, priorSD²) up to a constant: the population prior. */
  readonly logPrior: Float64Array;

  constructor(
    halfRange = 4,
    step = DEFAULT_STEP,
    readonly priorSD = POPULATION_SD,
  ) {
    const half = Math.ceil(halfRange / step);
    this.size = 2 * half + 1;
    this.step = step;
    this.min = -half * step;
    this.points = new Float64Array(this.size);
    this.logPrior = new Float64Array(this.size);
    for (let j = 0; j < this.size; j++) {
      const q = this.min + j * step;
      this.points[j] = q;
      this.logPrior[j] = (-0.5 * q * q) / (priorSD * priorSD);
    }
  }

  get max(): number {
    return this.min + (this.size - 1) * this.step;
  }

  /** First grid index whose point is at or above θ (size when none). */
  firstAtOrAbove(theta: number): number {
    if (!(theta > this.min)) return 0;
    const j = Math.ceil((theta - this.min) / this.step - 1e-9);
    return Math.min(this.size, j);
  }
}

/** Turns log weights into masses summing to 1; returns the log of the normaliser. */
export function normalizeLog(log: Float64Array, out: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < log.length; j++) if (log[j]! > max) max = log[j]!;
  let total = 0;
  for (let j = 0; j < log.length; j++) {
    const w = Math.exp(log[j]! - max);
    out[j] = w;
    total += w;
  }
  for (let j = 0; j < out.length; j++) out[j]! /= total;
  return max + Math.log(total);
}

export interface Moments {
  mean: number;
  sd: number;
}

export function moments(grid: ThetaGrid, w: Float64Array): Moments {
  let mean = 0;
  for (let j = 0; j < grid.size; j++) mean += w[j]! * grid.points[j]!;
  let variance = 0;
  for (let j = 0; j < grid.size; j++) {
    const d = grid.points[j]! - mean;
    variance += w[j]! * d * d;
  }
  // The within-cell spread (step²/12) keeps a posterior concentrated in one cell from reporting SD 0.
  return { mean, sd: Math.sqrt(variance + (grid.step * grid.step) / 12) };
}

/** P(θ ≥ t), with each cell's mass spread evenly over [point − step/2, point + step/2]. */
export function probAtLeast(grid: ThetaGrid, w: Float64Array, t: number): number {
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const half = grid.step / 2;
  let p = 0;
  for (let j = grid.size - 1; j >= 0; j--) {
    const lo = grid.points[j]! - half;
    if (lo >= t) p += w[j]!;
    else {
      const hi = grid.points[j]! + half;
      if (hi > t) p += (w[j]! * (hi - t)) / grid.step;
      break;
    }
  }
  return Math.min(1, Math.max(0, p));
}

/** E[(t − θ)₊]: how far below t θ is expected to be (0 when surely above). */
export function expectedShortfall(grid: ThetaGrid, w: Float64Array, t: number): number {
  if (t === Number.NEGATIVE_INFINITY) return 0;
  let s = 0;
  for (let j = 0; j < grid.size; j++) {
    const d = t - grid.points[j]!;
    if (d > 0) s += w[j]! * d;
  }
  return s;
}

/** The p-quantile of θ, interpolating within the cell where the cumulative mass crosses p. */
export function quantile(grid: ThetaGrid, w: Float64Array, p: number): number {
  let cumulative = 0;
  for (let j = 0; j < grid.size; j++) {
    const mass = w[j]!;
    if (cumulative + mass >= p && mass > 0) {
      const fraction = (p - cumulative) / mass;
      return grid.points[j]! - grid.step / 2 + fraction * grid.step;
    }
    cumulative += mass;
  }
  return grid.max + grid.step / 2;
}

/**
 * A centred Gaussian kernel over grid offsets: `kernel[d + size − 1]` = N(d·step; 0, sd²)·step,
 * for d = −(size − 1)…(size − 1).
 */
export function gaussianKernel(grid: ThetaGrid, sd: number): Float64Array {
  const kernel = new Float64Array(2 * grid.size - 1);
  const norm = grid.step / (Math.sqrt(2 * Math.PI) * sd);
  for (let d = -(grid.size - 1); d <= grid.size - 1; d++) {
    const x = d * grid.step;
    kernel[d + grid.size - 1] = norm * Math.exp((-0.5 * x * x) / (sd * sd));
  }
  return kernel;
}

/** 1 above the margin, ½ exactly at it (grid differences are cell centres), 0 below. */
export function aboveMargin(margin: number): (x: number) => number {
  return (x) => (x > margin + 1e-9 ? 1 : x > margin - 1e-9 ? 0.5 : 0);
}

/**
 * out[i] = Σ_j f[j] · kernel[(j − i) + size − 1]: the kernel is indexed by (source − target), so
 * with f over the self-view s and i over θ it integrates f(s)·K(s − θ) ds.
 */
export function convolve(f: Float64Array, kernel: Float64Array, out: Float64Array): void {
  const n = f.length;
  let i = 0;
  // Four outputs at a time: row i + r reads kernel[base − r + j], which is the value row i read at
  // j − r, so each step loads one kernel value for four sums (3× faster; every sum still adds its
  // terms in the same order, so the results are identical).
  for (; i + 3 < n; i += 4) {
    const base = n - 1 - i;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k1 = kernel[base - 1]!;
    let k2 = kernel[base - 2]!;
    let k3 = kernel[base - 3]!;
    for (let j = 0; j < n; j++) {
      const fj = f[j]!;
      const k0 = kernel[base + j]!;
      s0 += fj * k0;
      s1 += fj * k1;
      s2 += fj * k2;
      s3 += fj * k3;
      k3 = k2;
      k2 = k1;
      k1 = k0;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  for (; i < n; i++) {
    let sum = 0;
    const base = n - 1 - i;
    for (let j = 0; j < n; j++) sum += f[j]! * kernel[base + j]!;
    out[i] = sum;
  }
}

/** out[j] = Σ_i g[i] · kernel[(j − i) + size − 1]: the transpose of `convolve` (integrates over θ for each s). */
export function convolveTransposed(g: Float64Array, kernel: Float64Array, out: Float64Array): void {
  const n = g.length;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    const base = j + n - 1;
    for (let i = 0; i < n; i++) sum += g[i]! * kernel[base - i]!;
    out[j] = sum;
  }
}
