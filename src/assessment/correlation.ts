/**
 * The correlation layer: competencies a model marks as `related` share evidence through a Gaussian
 * prior N(0, v·R). Each competency's own evidence is summarised as a Gaussian pseudo-observation; the
 * joint Gaussian posterior then gives every competency a "cavity" prior — what the other
 * competencies' evidence says about it — which multiplies its own grid likelihood (expectation-
 * propagation style; exact when the likelihoods are Gaussian).
 */
import type { Model } from '../model/types.js';

/**
 * Correlations a model gives are taken at this fraction of their value: an author's `related` is an
 * estimate, and an overstated one would lend a competency evidence it does not have (intervals too
 * narrow). Halving keeps most of the benefit of a true correlation and bounds the harm of a wrong one.
 */
export const RELATED_SHRINK = 0.5;

/** Larger groups of related competencies are treated as unrelated (the inverse is cubic in size). */
export const MAX_CORRELATED_GROUP = 300;

export interface CorrelationGroup {
  /** Competency indices (model order). */
  members: number[];
  /** The prior correlation matrix R, row-major, members × members. */
  correlation: Float64Array;
  /** R⁻¹, row-major. */
  precision: Float64Array;
  /** Factor by which the model's correlations were shrunk (RELATED_SHRINK, less when needed to make R positive definite). */
  shrink: number;
}

/** Groups of related competencies (connected components of `related`), each with a positive-definite R. */
export function correlationGroups(model: Model): CorrelationGroup[] {
  const index = new Map(model.competencies.map((c, i) => [c.id, i]));
  const n = model.competencies.length;
  const pairs = new Map<string, number[]>();
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  model.competencies.forEach((c, i) => {
    for (const r of c.related ?? []) {
      const j = index.get(r.competency);
      if (j === undefined || j === i || r.correlation === 0) continue;
      const key = i < j ? `${i},${j}` : `${j},${i}`;
      // A pair listed from both sides with different values: use their mean.
      (pairs.get(key) ?? pairs.set(key, []).get(key)!).push(r.correlation);
      parent[find(i)] = find(j);
    }
  });
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) (members.get(find(i)) ?? members.set(find(i), []).get(find(i))!).push(i);
  const groups: CorrelationGroup[] = [];
  for (const list of members.values()) {
    if (list.length < 2 || list.length > MAX_CORRELATED_GROUP) continue;
    const d = list.length;
    const position = new Map(list.map((c, k) => [c, k]));
    const base = new Float64Array(d * d);
    for (let k = 0; k < d; k++) base[k * d + k] = 1;
    for (const [key, values] of pairs) {
      const [i, j] = key.split(',').map(Number) as [number, number];
      const pi = position.get(i);
      const pj = position.get(j);
      if (pi === undefined || pj === undefined) continue;
      const r = values.reduce((s, v) => s + v, 0) / values.length;
      base[pi * d + pj] = r;
      base[pj * d + pi] = r;
    }
    let shrink = RELATED_SHRINK;
    let correlation = base.map((v, k) => (k % (d + 1) === 0 ? 1 : v * shrink));
    let precision = invertSpd(correlation, d);
    while (!precision && shrink > 0.01) {
      shrink *= 0.9;
      correlation = base.map((v, k) => (k % (d + 1) === 0 ? 1 : v * shrink));
      precision = invertSpd(correlation, d);
    }
    if (precision) groups.push({ members: list, correlation, precision, shrink });
  }
  return groups;
}

/** Lower Cholesky factor of a symmetric matrix, or undefined when it is not positive definite. */
export function cholesky(m: ArrayLike<number>, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (sum <= 1e-10) return undefined;
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / l[j * d + j]!;
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix (via Cholesky), or undefined. */
export function invertSpd(m: ArrayLike<number>, d: number): Float64Array | undefined {
  const l = cholesky(m, d);
  if (!l) return undefined;
  // Invert L (lower triangular), then M⁻¹ = L⁻ᵀ L⁻¹.
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    inv[i * d + i] = 1 / l[i * d + i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * d + k]! * inv[k * d + j]!;
      inv[i * d + j] = sum / l[i * d + i]!;
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < d; k++) sum += inv[k * d + i]! * inv[k * d + j]!;
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return out;
}

/** A Gaussian summary of one competency's own evidence: observation y with precision π (0 = none). */
export interface PseudoObservation {
  y: number;
  precision: number;
}

/**
 * The cavity prior of every member: N(mean, variance) of θ_c given the other members' pseudo-
 * observations only, under the prior N(0, v·R) (v the population variance). Joint posterior
 * precision Λ = R⁻¹/v + diag(π); removing c's own observation from its marginal gives the cavity.
 */
export function cavities(group: CorrelationGroup, observations: readonly PseudoObservation[], priorVariance = 1): { mean: number; variance: number }[] {
  const d = group.members.length;
  const lambda = group.precision.map((x) => x / priorVariance);
  const rhs = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    lambda[k * d + k]! += observations[k]!.precision;
    rhs[k] = observations[k]!.precision * observations[k]!.y;
  }
  const sigma = invertSpd(lambda, d);
  if (!sigma) return observations.map(() => ({ mean: 0, variance: priorVariance }));
  const out: { mean: number; variance: number }[] = [];
  for (let k = 0; k < d; k++) {
    let mu = 0;
    for (let j = 0; j < d; j++) mu += sigma[k * d + j]! * rhs[j]!;
    const marginalPrecision = 1 / sigma[k * d + k]!;
    const cavityPrecision = Math.max(1e-9, marginalPrecision - observations[k]!.precision);
    const mean = (mu * marginalPrecision - observations[k]!.precision * observations[k]!.y) / cavityPrecision;
    out.push({ mean, variance: 1 / cavityPrecision });
  }
  return out;
}
